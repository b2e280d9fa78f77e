"""QR codes for 行政行为码, printed on documents and pages as data URIs (no files, no network)."""

import base64
import io

from django.conf import settings
from django.urls import reverse

import qrcode
import qrcode.image.svg


def verify_url(code):
    """Absolute URL of the public verify page for `code` (SITE_URL from settings when set)."""
    path = reverse("verify", args=[code])
    return (getattr(settings, "SITE_URL", "") or "").rstrip("/") + path


def _make(data):
    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=6, border=2)
    qr.add_data(data)
    qr.make(fit=True)
    return qr


def png_bytes(data):
    buffer = io.BytesIO()
    _make(data).make_image().save(buffer, format="PNG")
    return buffer.getvalue()


def png_data_uri(data):
    return "data:image/png;base64," + base64.b64encode(png_bytes(data)).decode()


def svg_data_uri(data):
    buffer = io.BytesIO()
    _make(data).make_image(image_factory=qrcode.image.svg.SvgPathImage).save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()
