from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CreditConfig(AppConfig):
    """信用修复: ending or marking the publication of a penalty decision once the subject has made good
    (国家发展改革委《失信行为纠正后的信用信息修复管理办法（试行）》, 2023)."""

    name = "credit"
    verbose_name = _("Credit repair")
