from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentConfig(AppConfig):
    """考核, 晾晒 index and enforcement supervision (执法监督: 案卷评查, 专项巡察, rectification)."""

    name = "assessment"
    verbose_name = _("Assessment and supervision")
