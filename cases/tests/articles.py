"""Assert that a refusal names its article, in English ("Art. 51") or Chinese ("第五十一条")."""

DIGITS = "零一二三四五六七八九"


def chinese_number(n):
    if n < 10:
        return DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else DIGITS[tens]) + "十" + (DIGITS[ones] if ones else "")


def names_article(message, article):
    message = str(message)
    return f"第{chinese_number(article)}条" in message or f"Art. {article}" in message
