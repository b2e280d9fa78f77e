"""What happens to a decision after its delivery, kept on the case row (so `case_transition` stays the one
writer): unpaid fines, 催告, instalments or deferral (art. 66) and the application to the court (行政强制法
arts. 35, 53–55). `Case` inherits these fields from `ExecutionFields`."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PaymentPlanKind(models.TextChoices):
    NONE = "", _("none")
    INSTALMENT = "instalment", _("payment in instalments")
    DEFERRAL = "deferral", _("deferred payment")


class PaymentPlanStatus(models.TextChoices):
    NONE = "", _("none")
    APPLIED = "applied", _("applied, awaiting approval")
    APPROVED = "approved", _("approved")
    REFUSED = "refused", _("refused")


class CourtRuling(models.TextChoices):
    NONE = "", _("not yet ruled")
    GRANTED = "granted", _("enforcement granted (准予执行)")
    REFUSED = "refused", _("enforcement refused (不予执行)")


class EnforcementOutcome(models.TextChoices):
    NONE = "", _("pending")
    EXECUTED = "executed", _("executed")
    TERMINATED = "terminated", _("execution terminated")


class DeliveryMethod(models.TextChoices):
    DIRECT = "direct", _("in person (直接送达)")
    LEFT = "left", _("left at the residence (留置送达)")
    POST = "post", _("by post (邮寄送达)")
    ELECTRONIC = "electronic", _("electronically, with consent (电子送达)")
    PUBLIC_NOTICE = "public_notice", _("by public notice (公告送达)")


class ExecutionFields(models.Model):
    # 送达 (行政处罚法 art. 61, 民事诉讼法 arts. 87-95): how the decision reached the party.
    delivery_method = models.CharField(_("delivery method"), max_length=14, choices=DeliveryMethod.choices,
                                       blank=True)
    delivery_recipient = models.CharField(_("received by"), max_length=200, blank=True)
    delivery_note = models.TextField(_("delivery record (witness, address, consent, reason)"), blank=True)
    delivery_notice_on = models.DateField(_("public notice published on"), null=True, blank=True)

    # Every payment from a bank receipt, [{"on": "YYYY-MM-DD", "amount": "100.00", "receipt": "..."}];
    # `paid_amount` is their sum, `paid_on` the last one.
    payments = models.JSONField(_("payments"), default=list, blank=True)
    # The earliest day an unpaid amount is due: the payment deadline, then the next instalment (art. 66).
    payment_next_due = models.DateField(_("next payment due"), null=True, blank=True)

    # 催告 (行政强制法 arts. 35, 54)
    reminder_issued_on = models.DateField(_("reminder (催告书) issued on"), null=True, blank=True)
    reminder_delivered_on = models.DateField(_("reminder delivered on"), null=True, blank=True)
    reminder_deadline = models.DateField(_("reminder period ends"), null=True, blank=True)
    reminder_statement = models.TextField(_("party's statement after the reminder"), blank=True)

    # 分期 / 延期缴纳 (行政处罚法 art. 66)
    payment_plan_kind = models.CharField(_("payment plan"), max_length=12, choices=PaymentPlanKind.choices,
                                         blank=True)
    payment_plan_status = models.CharField(_("payment plan status"), max_length=10,
                                           choices=PaymentPlanStatus.choices, blank=True)
    payment_plan_applied_on = models.DateField(_("payment plan applied for on"), null=True, blank=True)
    payment_plan_reason = models.TextField(_("reason for the payment plan"), blank=True)
    # [["YYYY-MM-DD", "amount"], ...] in due order
    payment_plan_schedule = models.JSONField(_("payment schedule"), default=list, blank=True)
    payment_plan_decided_on = models.DateField(_("payment plan decided on"), null=True, blank=True)
    payment_plan_note = models.TextField(_("payment plan decision notes"), blank=True)

    # 申请人民法院强制执行 (行政强制法 arts. 53–58)
    enforcement_applied_on = models.DateField(_("court enforcement applied for on"), null=True, blank=True)
    enforcement_court = models.CharField(_("court"), max_length=200, blank=True)
    enforcement_ruling = models.CharField(_("court ruling"), max_length=10, choices=CourtRuling.choices, blank=True)
    enforcement_ruling_on = models.DateField(_("ruling date"), null=True, blank=True)
    enforcement_ruling_number = models.CharField(_("ruling number"), max_length=100, blank=True)
    enforcement_outcome = models.CharField(_("enforcement outcome"), max_length=12,
                                           choices=EnforcementOutcome.choices, blank=True)
    enforcement_outcome_on = models.DateField(_("enforcement outcome date"), null=True, blank=True)
    enforcement_note = models.TextField(_("enforcement notes"), blank=True)

    # 复议 / 诉讼 (行政复议法, 行政诉讼法): the appeal now pending, if any (its history: `Case.appeals`).
    open_appeal = models.ForeignKey("cases.Appeal", verbose_name=_("pending review or lawsuit"), null=True,
                                    blank=True, on_delete=models.PROTECT, related_name="+")
    # 两法衔接: the transfer to the police or procuratorate now open, if any (history: `Case.criminal_transfers`).
    open_criminal_transfer = models.ForeignKey("cases.CriminalTransfer", verbose_name=_("open criminal transfer"),
                                               null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    appeal_outcome = models.CharField(_("outcome of the last review or lawsuit"), max_length=20, blank=True)
    # 查封 / 扣押 / 先行登记保存 not yet released or decided (`Case.coercive_measures`): the case cannot end
    # while goods are still held (行政强制法 arts. 27, 28).
    coercive_in_force = models.PositiveSmallIntegerField(_("coercive measures in force"), default=0)

    class Meta:
        abstract = True
