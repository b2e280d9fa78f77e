"""Text keys for matching Chinese free text: normalised addresses and names, character bigrams."""

import re
import unicodedata

_NOT_WORD = re.compile(r"[\W_]+", re.UNICODE)
_CJK = re.compile(r"[\u3400-\u9fff]+")
_LATIN = re.compile(r"[a-z0-9]+")
# Function words and the most common filler of complaints: they match everything and mean nothing.
STOP_BIGRAMS = {"投诉", "反映", "举报", "市民", "群众", "附近", "一个", "每天", "现在", "希望", "请求", "要求", "处理",
                "问题", "情况", "存在", "进行", "我们", "他们", "这里", "那里", "已经", "没有", "严重", "影响"}


def normalise(text):
    """NFKC, lower case, without spaces or punctuation: '鼓楼街道 中山路 12 号' → '鼓楼街道中山路12号'."""
    return _NOT_WORD.sub("", unicodedata.normalize("NFKC", str(text or "")).lower())


def address_key(address):
    return normalise(address)[:200]


def subject_key(name):
    return normalise(name)[:200]


def bigrams(text):
    """The set of CJK character bigrams (and latin/digit words) of `text`, stop bigrams removed."""
    norm = unicodedata.normalize("NFKC", str(text or "")).lower()
    grams = set()
    for run in _CJK.findall(norm):
        if len(run) == 1:
            grams.add(run)
        grams.update(run[i:i + 2] for i in range(len(run) - 1))
    grams.update(word for word in _LATIN.findall(norm) if len(word) > 1)
    return grams - STOP_BIGRAMS


def jaccard(a, b):
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)
