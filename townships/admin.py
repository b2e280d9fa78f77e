from django.contrib import admin

from enforcement.core.admin import ReadOnlyAdmin

from .models import CertificateReview, Department, Officer, QualificationExam, Township, TrainingRecord, Zone


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


# Qualifications are written through townships.qualifications (the latest review decides a suspension).
@admin.register(CertificateReview)
class CertificateReviewAdmin(ReadOnlyAdmin):
    list_display = ["officer", "year", "result", "reviewed_on"]
    list_filter = ["year", "result"]
    list_select_related = ["officer"]
    search_fields = ["officer__name", "officer__employee_number"]


@admin.register(QualificationExam)
class QualificationExamAdmin(ReadOnlyAdmin):
    list_display = ["officer", "kind", "title", "taken_on", "score"]
    list_filter = ["kind"]
    list_select_related = ["officer"]
    search_fields = ["officer__name", "officer__employee_number", "title"]


@admin.register(TrainingRecord)
class TrainingRecordAdmin(ReadOnlyAdmin):
    list_display = ["officer", "attended_on", "course", "hours"]
    list_select_related = ["officer"]
    search_fields = ["officer__name", "officer__employee_number", "course"]
