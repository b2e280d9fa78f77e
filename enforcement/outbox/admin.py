from django.contrib import admin

from enforcement.core.admin import ReadOnlyAdmin

from .models import OutboxMessage


@admin.register(OutboxMessage)
class OutboxMessageAdmin(ReadOnlyAdmin):
    list_display = ["id", "task", "created_at", "attempts", "available_at", "sent_at"]
    list_filter = ["task", ("sent_at", admin.EmptyFieldListFilter)]
    readonly_fields = ["task", "args", "kwargs", "queue", "created_at", "available_at", "attempts", "sent_at",
                       "last_error"]
