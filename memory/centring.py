"""Language centring: makes a multilingual embedder match meaning across languages.

A small multilingual model puts every Chinese sentence nearer to every other Chinese sentence
than to its English translation, so "make her skirt pink" finds an unrelated English request
before "把她的裙子改成粉色". Subtracting each language's mean vector removes most of that shared
language component (Libovický, Rosa & Fraser, "On the Language Neutrality of Pre-trained
Multilingual Representations", 2020). The means come from the generic parallel sentences below
(nothing about images, so nothing here is tuned to the requests being searched). On
evals/memory_pairs.yaml this lifts cross-language retrieval with multilingual-e5-small from 1 in
8 to 6 in 8 and leaves same-language retrieval as it was (`python -m evals.memory_bench`).

A text's language is the planner's (quoted strings do not count); a mixed text is centred on
the average of the two means.
"""

from __future__ import annotations

import numpy as np

from agent.planner.language import detect_language
from agent.planner.quotes import protect
from memory.embedders import Embedder, normalised, shared

REFERENCE: tuple[tuple[str, str], ...] = (
    ("The weather is nice today.", "今天天气很好。"),
    ("Where is the train station?", "火车站在哪里？"),
    ("Please close the door.", "请把门关上。"),
    ("I would like a cup of tea.", "我想要一杯茶。"),
    ("Turn off the lights before you leave.", "走之前把灯关掉。"),
    ("My brother lives in Shanghai.", "我哥哥住在上海。"),
    ("Send me the report by Friday.", "周五之前把报告发给我。"),
    ("The meeting starts at nine.", "会议九点开始。"),
    ("Put the books back on the shelf.", "把书放回书架上。"),
    ("How much does this cost?", "这个多少钱？"),
    ("Call me when you arrive.", "到了给我打电话。"),
    ("The children are playing in the park.", "孩子们在公园里玩。"),
    ("Write your name at the top of the page.", "在页面顶部写上你的名字。"),
    ("Add some salt to the soup.", "往汤里加点盐。"),
    ("Open the window, it is hot.", "打开窗户，太热了。"),
    ("We need to buy more milk.", "我们需要再买些牛奶。"),
    ("Move the table to the corner.", "把桌子挪到角落里。"),
    ("Remember to water the plants.", "记得给植物浇水。"),
    ("The train was late again.", "火车又晚点了。"),
    ("Can you help me carry this box?", "你能帮我搬这个箱子吗？"),
)


class LanguageCentred:
    """Wraps a multilingual embedder; its vectors have their language's mean removed."""

    def __init__(self, inner: Embedder) -> None:
        self._inner = inner
        self._means = shared(f"means:{inner.name}", self._measure, f"language means of {inner.name}")

    @property
    def name(self) -> str:
        return f"{self._inner.name}+language-centred"

    @property
    def dim(self) -> int:
        return self._inner.dim

    def embed(self, texts: list[str]) -> np.ndarray:
        vectors = self._inner.embed(texts)
        if not len(vectors):
            return vectors
        means = self._means.get()
        shifts = np.stack([means[detect_language(protect(text).text)] for text in texts])
        return normalised(vectors - shifts, self.dim)

    def _measure(self) -> dict[str, np.ndarray]:
        english = self._inner.embed([en for en, _ in REFERENCE]).mean(axis=0)
        chinese = self._inner.embed([zh for _, zh in REFERENCE]).mean(axis=0)
        return {"en": english, "zh": chinese, "mixed": (english + chinese) / 2}
