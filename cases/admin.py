"""Read-only admin: cases change only through the services (transition table, guards, audit)."""

from django.contrib import admin

from .models import Case, CaseEvent, CoerciveItem, CoerciveMeasure, Document, Evidence, Review
from .models_appeals import Appeal, AppealTask
from .models_archive import CaseFile
from .models_criminal import CriminalTransfer
from .models_publication import Publication
from .models_transfers import DepartmentReply, DepartmentTransfer


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Case)
class CaseAdmin(ReadOnlyAdmin):
    list_display = ["code", "procedure", "status", "township", "item", "party_name", "filed_on", "deadline",
                    "is_major"]
    list_filter = ["procedure", "status", "is_major", "township"]
    search_fields = ["code", "party_name"]
    list_select_related = ["township", "item"]
    exclude = ["party_id_encrypted", "party_phone_encrypted", "party_address_encrypted", "party_id_hash"]


@admin.register(CaseEvent)
class CaseEventAdmin(ReadOnlyAdmin):
    list_display = ["case", "action", "from_status", "to_status", "actor", "created_at"]
    list_select_related = ["case", "actor"]


@admin.register(Review)
class ReviewAdmin(ReadOnlyAdmin):
    list_display = ["case", "level", "outcome", "reviewer", "created_at"]
    list_select_related = ["case", "reviewer"]


@admin.register(Evidence)
class EvidenceAdmin(ReadOnlyAdmin):
    list_display = ["case", "kind", "original_name", "size", "uploaded_by", "uploaded_at"]
    list_select_related = ["case", "uploaded_by"]


@admin.register(Document)
class DocumentAdmin(ReadOnlyAdmin):
    list_display = ["case", "kind", "number", "created_at"]
    list_select_related = ["case"]


class CoerciveItemInline(admin.TabularInline):
    model = CoerciveItem
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(CoerciveMeasure)
class CoerciveMeasureAdmin(ReadOnlyAdmin):
    list_display = ["case", "number", "kind", "status", "decided_on", "deadline", "released_on", "handled_on"]
    list_filter = ["kind", "status"]
    search_fields = ["case__code", "place"]
    list_select_related = ["case"]
    inlines = [CoerciveItemInline]
# After the decision (issue 12): the case children written by the transitions, read-only like the others.
@admin.register(Appeal)
class AppealAdmin(ReadOnlyAdmin):
    list_display = ["case", "kind", "body", "filed_on", "outcome", "decided_on"]
    list_filter = ["kind", "outcome"]
    list_select_related = ["case"]
    search_fields = ["case__code", "reference"]


@admin.register(AppealTask)
class AppealTaskAdmin(ReadOnlyAdmin):
    list_display = ["appeal", "kind", "due_on", "done_on"]
    list_select_related = ["appeal__case"]


@admin.register(CriminalTransfer)
class CriminalTransferAdmin(ReadOnlyAdmin):
    list_display = ["case", "body", "suspected_crime", "sent_on", "received_on", "decision", "decided_on"]
    list_filter = ["decision"]
    list_select_related = ["case"]
    search_fields = ["case__code", "body"]


@admin.register(DepartmentTransfer)
class DepartmentTransferAdmin(ReadOnlyAdmin):
    list_display = ["case", "letter_number", "letter_date", "liaison", "created_at"]
    list_select_related = ["case", "liaison"]
    search_fields = ["case__code", "letter_number"]


@admin.register(DepartmentReply)
class DepartmentReplyAdmin(ReadOnlyAdmin):
    list_display = ["case", "kind", "sent_on", "sent_by"]
    list_filter = ["kind"]
    list_select_related = ["case", "sent_by"]


@admin.register(Publication)
class PublicationAdmin(ReadOnlyAdmin):
    list_display = ["case", "decision_number", "published_on", "due_by", "withdrawn_on"]
    list_select_related = ["case"]
    search_fields = ["case__code", "decision_number"]


@admin.register(CaseFile)
class CaseFileAdmin(ReadOnlyAdmin):
    list_display = ["case", "pages", "size", "sha256", "created_at"]
    list_select_related = ["case"]
