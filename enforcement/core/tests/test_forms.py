from django import forms
from django.core.exceptions import ValidationError

from enforcement.core.forms import add_service_errors


class _Form(forms.Form):
    name = forms.CharField()


def _bound():
    form = _Form(data={"name": "x"})
    assert form.is_valid()
    return form


def test_service_error_on_a_form_field_goes_next_to_that_field():
    form = _bound()
    add_service_errors(form, ValidationError({"name": "名称重复"}))
    assert form.errors["name"] == ["名称重复"]


def test_service_error_on_an_unknown_key_goes_to_the_top_instead_of_raising():
    form = _bound()
    add_service_errors(form, ValidationError({"certificate_number": "证号重复"}))
    assert form.non_field_errors() == ["证号重复"]


def test_plain_service_error_goes_to_the_top():
    form = _bound()
    add_service_errors(form, ValidationError("不予受理"))
    assert form.non_field_errors() == ["不予受理"]
