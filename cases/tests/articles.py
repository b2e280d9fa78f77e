"""Assert that a refusal names its article, in English ("Art. 51") or Chinese ("第五十一条")."""

import re

DIGITS = "零一二三四五六七八九"


def chinese_number(n):
    if n < 10:
        return DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else DIGITS[tens]) + "十" + (DIGITS[ones] if ones else "")


def names_article(message, article):
    """True when the message names `article`: "Art. 63", or in a list "Art. 44, 45, 63 (二)", or "第六十三条"."""
    message = str(message)
    if f"第{chinese_number(article)}条" in message:
        return True
    for listed in re.findall(r"Art\. ([0-9, ()一二三四五六七八九十]+)", message):
        if str(article) in re.findall(r"\d+", listed):
            return True
    return False
