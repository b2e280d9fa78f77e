"""The archived case file (卷宗, 案卷归档): one PDF made once when a closed case is archived, kept with its
SHA-256. It is never regenerated: a second request returns the stored file."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class CaseFile(models.Model):
    case = models.OneToOneField("cases.Case", verbose_name=_("case"), on_delete=models.PROTECT,
                                related_name="case_file")
    file = models.FileField(_("file"), upload_to="case_files/%Y/")
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    size = models.PositiveBigIntegerField(_("size (bytes)"), default=0)
    pages = models.PositiveIntegerField(_("pages"), default=0)
    # [{"title": ..., "number": ..., "page": first page, "pages": n}] in the order of the file
    contents = models.JSONField(_("table of contents"), default=list)
    retention = models.CharField(_("retention period"), max_length=20)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("archived case file")
        verbose_name_plural = _("archived case files")

    def __str__(self):
        return f"{self.case_id} {self.sha256[:12]}"
