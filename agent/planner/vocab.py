"""Word tables the rules read: canonical name -> the English and Chinese words for it.
Add a synonym here, not in a regex."""

from __future__ import annotations

# What annotate can box. Order matters only for the reader; matching is longest first.
ANNOTATE_TARGETS: dict[str, list[str]] = {
    "faces": ["faces", "face", "heads", "head", "人脸", "脸部", "面部", "面孔", "脸"],
    "people": ["people", "persons", "person", "humans", "human", "men", "man", "women", "woman",
               "pedestrians", "pedestrian", "figures", "kids", "children", "child", "everyone",
               "everybody", "bodies", "人物", "行人", "人像", "人体", "人们", "人"],
    "text": ["lines of text", "line of text", "text lines", "text line", "texts", "text",
             "words", "captions", "caption", "letters", "writing", "titles", "title",
             "文字", "文本行", "文本", "字样", "标题", "文案", "字"],
}

STYLES: dict[str, list[str]] = {
    "watercolor": ["watercolour", "watercolor", "water color", "水彩"],
    "oil painting": ["oil painting", "oil paint", "油画"],
    "sketch": ["pencil sketch", "pencil drawing", "sketch", "素描", "铅笔画", "速写"],
    "cartoon": ["cartoon", "卡通"],
    "anime": ["anime", "manga", "动漫", "二次元", "日漫"],
    "comic": ["comic book", "comic", "漫画"],
    "pixel art": ["pixel art", "8-bit", "像素风", "像素画"],
    "ink wash": ["ink wash", "chinese ink", "chinese painting", "水墨", "国画"],
    "pop art": ["pop art", "波普"],
    "ukiyo-e": ["ukiyo-e", "ukiyoe", "浮世绘"],
    "cyberpunk": ["cyberpunk", "赛博朋克"],
    "vintage": ["vintage", "retro", "old photo", "复古", "老照片", "怀旧"],
    "van gogh": ["van gogh", "starry night", "梵高"],
    "ghibli": ["studio ghibli", "ghibli", "吉卜力", "宫崎骏"],
    "line art": ["line art", "线稿"],
    "low poly": ["low poly", "低多边形"],
    "impressionist": ["impressionist", "impressionism", "印象派"],
}

MATERIALS: dict[str, list[str]] = {
    "wood": ["wooden", "wood", "木质", "木头", "木纹", "木制"],
    "marble": ["marble", "大理石"],
    "metal": ["metallic", "metal", "金属"],
    "glass": ["glass", "玻璃"],
    "leather": ["leather", "皮革", "真皮"],
    "stone": ["stone", "石头", "石材", "石质"],
    "plastic": ["plastic", "塑料"],
    "fabric": ["fabric", "cloth", "布料", "布艺"],
    "silk": ["silk", "丝绸"],
    "ceramic": ["ceramic", "porcelain", "陶瓷"],
    "brick": ["brick", "砖块", "砖"],
    "concrete": ["concrete", "水泥", "混凝土"],
    "steel": ["stainless steel", "steel", "不锈钢", "钢"],
    "velvet": ["velvet", "天鹅绒"],
    "denim": ["denim", "牛仔布"],
}

# property -> (words, implied direction or None when the sentence must say it)
ADJUSTMENTS: list[tuple[str, list[str], str | None]] = [
    ("grayscale", ["black and white", "black-and-white", "b&w", "grayscale", "greyscale",
                   "gray scale", "grey scale", "monochrome", "黑白", "灰度", "去色"], None),
    ("brightness", ["brighter", "brighten", "lighten", "lighter", "调亮", "变亮", "提亮", "更亮",
                    "亮一点", "亮一些"], "increase"),
    ("brightness", ["darker", "darken", "dimmer", "调暗", "变暗", "暗一点", "暗一些", "更暗"],
     "decrease"),
    ("brightness", ["brightness", "亮度"], None),
    ("contrast", ["contrast", "对比度"], None),
    ("saturation", ["more vivid", "more vibrant", "鲜艳"], "increase"),
    ("saturation", ["desaturate"], "decrease"),
    ("saturation", ["saturation", "saturate", "饱和度"], None),
    ("sharpness", ["sharpen", "sharper", "锐化", "更清晰"], "increase"),
    ("sharpness", ["sharpness", "清晰度"], None),
    ("exposure", ["exposure", "曝光"], None),
    ("warmth", ["warmer", "暖色调", "暖一点"], "increase"),
    ("warmth", ["cooler", "冷色调", "冷一点"], "decrease"),
    ("warmth", ["color temperature", "colour temperature", "色温"], None),
    ("pixelate", ["pixelate", "mosaic", "马赛克", "打码"], None),
    ("blur", ["blur", "blurry", "模糊", "虚化"], "increase"),
    ("noise", ["denoise", "noise", "降噪", "去噪", "噪点"], "decrease"),
]

INCREASE = ["increase", "raise", "boost", "more", "higher", "enhance", "提高", "增加", "增强",
            "调高", "加大", "提升", "加强", "高一点"]
DECREASE = ["decrease", "reduce", "lower", "less", "降低", "减少", "减弱", "调低", "减小",
            "低一点"]

DIAGRAM_KINDS: dict[str, list[str]] = {
    "flowchart": ["flowchart", "flow chart", "flow diagram", "流程图"],
    "bar chart": ["bar chart", "bar graph", "柱状图", "条形图"],
    "pie chart": ["pie chart", "饼图", "饼状图"],
    "line chart": ["line chart", "line graph", "折线图"],
    "mind map": ["mind map", "mindmap", "思维导图"],
    "timeline": ["timeline", "时间线", "时间轴"],
    "org chart": ["org chart", "organization chart", "organisation chart", "组织结构图",
                  "组织架构图"],
    "architecture diagram": ["architecture diagram", "架构图"],
    "venn diagram": ["venn diagram", "韦恩图"],
    "sequence diagram": ["sequence diagram", "时序图"],
    "chart": ["chart", "graph", "plot", "图表"],
    "diagram": ["diagram", "schematic", "infographic", "示意图", "结构图", "原理图", "信息图"],
}

# English words that start a new clause (an imperative or a question). A piece after a comma
# or "and" that starts otherwise ("the text in green") continues the clause before it.
VERBS_EN: frozenset[str] = frozenset("""
add adjust annotate apply blur box brighten change check circle color colour combine compare
compose convert count create crop darken decrease delete describe design detect draw edit
enhance erase estimate expand explain extend extract find fix flip frame generate get give
highlight identify increase insert label list locate make mark merge move ocr outline outpaint
paint pixelate place predict produce put read recognise recognize recolor recolour reduce
remove render replace resize restore rotate run scan segment set sharpen show stitch stylise
stylize summarise summarize swap take tell transcribe transform translate turn upscale use
verify write zoom what which who whom whose where when why how is are was were does do did
can could should would will has have
""".split())

# Chinese verbs: a piece containing one is a clause of its own.
VERBS_ZH: tuple[str, ...] = (
    "换", "改", "变", "加", "添", "删", "去", "移", "识别", "提取", "读", "框", "标", "圈",
    "高亮", "裁", "扩", "生成", "画", "绘", "虚化", "模糊", "调", "提高", "降低", "增", "减",
    "翻译", "检查", "描述", "输出", "预测", "估计", "检测", "分割", "合成", "拼", "做", "转",
    "替", "涂", "染", "刷", "设", "用", "放", "戴", "抠", "把", "将", "给",
)
