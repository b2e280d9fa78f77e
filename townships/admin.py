from django.contrib import admin

from .models import Department, Officer, Township, Zone


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "short_name"]
    search_fields = ["code", "name"]


@admin.register(Township)
class TownshipAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "empowerment_mode", "hub"]
    list_filter = ["kind", "empowerment_mode"]
    list_select_related = ["hub"]
    search_fields = ["code", "name"]


@admin.register(Officer)
class OfficerAdmin(admin.ModelAdmin):
    list_display = ["employee_number", "name", "category", "certificate_number", "certificate_expiry",
                    "home_department", "township", "posted_on", "is_active"]
    list_filter = ["category", "is_active", "township", "home_department"]
    list_select_related = ["home_department", "township"]
    search_fields = ["name", "employee_number", "certificate_number"]
    raw_id_fields = ["user"]


@admin.register(Zone)
class ZoneAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "township"]
    list_filter = ["township"]
    list_select_related = ["township"]
    search_fields = ["code", "name"]
    filter_horizontal = ["officers"]
