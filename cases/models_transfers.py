"""Cases transferred IN by a department (部门移交) and the replies sent back to it (办理情况反馈).

`Case.transferred_from` names the department (its liaison's scope, the reports' key); `DepartmentTransfer`
keeps the transfer letter (移交函) it came with; `DepartmentReply` each reply the agency sent back, a progress
note or the result (办理结果) once the case is decided or closed. Replies are written only by
`case_transition` (action reply_to_department), each with its 移交案件办理情况反馈函.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from enforcement.accounts.scoping import ScopeRule


class DepartmentTransfer(models.Model):
    case = models.OneToOneField("cases.Case", verbose_name=_("case"), on_delete=models.PROTECT,
                                related_name="department_transfer")
    liaison = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("liaison of the department"), null=True,
                                blank=True, on_delete=models.PROTECT, related_name="+")
    letter_number = models.CharField(_("transfer letter number"), max_length=60, blank=True)
    letter_date = models.DateField(_("transfer letter date"), null=True, blank=True)
    materials = models.TextField(_("materials received"), blank=True)
    created_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    SCOPE = ScopeRule(township="case__township", department="case__transferred_from")

    class Meta:
        verbose_name = _("transfer from a department")
        verbose_name_plural = _("transfers from departments")

    def __str__(self):
        return f"{self.case_id} {self.letter_number}"


class ReplyKind(models.TextChoices):
    PROGRESS = "progress", _("progress (办理进展)")
    RESULT = "result", _("result (办理结果)")


class DepartmentReply(models.Model):
    case = models.ForeignKey("cases.Case", verbose_name=_("case"), on_delete=models.PROTECT,
                             related_name="department_replies")
    kind = models.CharField(_("kind of reply"), max_length=10, choices=ReplyKind.choices)
    text = models.TextField(_("reply"))
    sent_on = models.DateField(_("sent on"))
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("sent by"), null=True, blank=True,
                                on_delete=models.PROTECT, related_name="+")
    # The transition that recorded the reply: its 移交案件办理情况反馈函 is that event's document.
    event = models.OneToOneField("cases.CaseEvent", verbose_name=_("recorded by event"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="department_reply")
    created_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    SCOPE = ScopeRule(township="case__township", department="case__transferred_from")

    class Meta:
        ordering = ["sent_on", "id"]
        verbose_name = _("reply to the transferring department")
        verbose_name_plural = _("replies to the transferring department")
        indexes = [models.Index(fields=["case", "kind"])]

    def __str__(self):
        return f"{self.case_id} {self.kind} {self.sent_on}"
