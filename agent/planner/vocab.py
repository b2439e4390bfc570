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

# Style words tools.styles.STYLES lacks, -> its style names.
EXTRA_STYLE_WORDS: dict[str, str] = {
    **dict.fromkeys(["oil paint", "oil-painted"], "oil_painting"),
    **dict.fromkeys(["water color", "water-colour"], "watercolor"),
    **dict.fromkeys(["sketch", "pencil", "charcoal", "素描画", "速写"], "pencil_sketch"),
    **dict.fromkeys(["cartoonish", "cartoony", "toon", "anime", "二次元", "日漫", "动画"], "cartoon"),
    **dict.fromkeys(["comic book", "comics", "manga", "漫画", "波普", "pop-art"], "comic"),
    **dict.fromkeys(["8-bit", "8 bit", "pixel", "pixelated", "像素画", "像素"], "mosaic"),
    **dict.fromkeys(["vintage film", "film", "old-fashioned", "nostalgic", "复古风"], "vintage"),
    **dict.fromkeys(["van gogh's", "post-impressionist"], "van_gogh"),
}

# Styles people ask for that vloop has no filter for: recognised, so the step says which
# styles there are instead of "not understood".
UNSUPPORTED_STYLES: dict[str, list[str]] = {
    "ink wash": ["ink wash", "chinese ink", "chinese painting", "水墨", "国画"],
    "ukiyo-e": ["ukiyo-e", "ukiyoe", "浮世绘"],
    "cyberpunk": ["cyberpunk", "赛博朋克"],
    "steampunk": ["steampunk", "蒸汽朋克"],
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
    "gold": ["gold", "solid gold", "黄金", "金子", "纯金"],
    "iron": ["iron", "cast iron", "铁", "铸铁"],
    "bronze": ["bronze", "copper", "青铜", "铜"],
    "ice": ["ice", "冰", "冰块"],
    "crystal": ["crystal", "水晶"],
    "paper": ["paper", "cardboard", "纸", "纸板"],
    "jade": ["jade", "玉", "玉石"],
    "clay": ["clay", "黏土", "陶土"],
    "rubber": ["rubber", "橡胶"],
    "wax": ["wax", "蜡"],
}

# tools.adjust property -> (words, the sign they imply or None when the sentence must say it).
# Three are not properties of the tool: "grayscale" is saturation -1, "pixelate" is the mosaic
# style, and "noise" has no tool (its steps say so).
ADJUSTMENTS: list[tuple[str, list[str], int | None]] = [
    ("grayscale", ["black and white", "black-and-white", "b&w", "grayscale", "greyscale",
                   "gray scale", "grey scale", "monochrome", "黑白", "灰度", "去色"], None),
    ("brightness", ["brighter", "brighten", "lighten", "lighter", "调亮", "变亮", "提亮", "更亮",
                    "亮一点", "亮一些", "亮些"], 1),
    ("brightness", ["darker", "darken", "dimmer", "调暗", "变暗", "压暗", "暗一点", "暗一些", "更暗",
                    "暗些"], -1),
    ("brightness", ["brightness", "exposure", "亮度", "曝光度", "曝光"], None),
    ("contrast", ["contrast", "对比度"], None),
    ("saturation", ["more vivid", "more vibrant", "vivid", "vibrant", "鲜艳"], 1),
    ("saturation", ["desaturate", "muted", "washed out", "暗淡"], -1),
    ("saturation", ["saturation", "saturate", "饱和度"], None),
    ("sharpness", ["sharpen", "sharper", "锐化", "更清晰", "清晰一点", "清晰些"], 1),
    ("sharpness", ["sharpness", "清晰度", "锐度"], None),
    ("warmth", ["warmer", "warm up", "暖色调", "暖一点", "更暖", "偏暖", "暖些"], 1),
    ("warmth", ["cooler", "cool down", "colder", "冷色调", "冷一点", "更冷", "偏冷", "冷些"], -1),
    ("warmth", ["color temperature", "colour temperature", "warmth", "色温"], None),
    ("pixelate", ["pixelate", "pixelated", "mosaic", "马赛克", "打码", "打上码"], None),
    ("blur", ["blur", "blurry", "blurred", "soften", "模糊", "虚化"], 1),
    ("noise", ["denoise", "noise", "grain", "降噪", "去噪", "噪点"], -1),
]

INCREASE = ["increase", "raise", "boost", "more", "higher", "enhance", "up", "提高", "增加", "增强",
            "调高", "加大", "提升", "加强", "高一点", "高一些", "拉高"]
DECREASE = ["decrease", "reduce", "lower", "less", "down", "tone down", "降低", "减少", "减弱",
            "调低", "减小", "低一点", "低一些", "拉低"]

# How much, when no percentage is given: default 0.3 (tools.adjust's own default).
INTENSITY: list[tuple[float, list[str]]] = [
    (0.15, ["a little bit", "a bit", "a little", "slightly", "a touch", "somewhat", "a tad",
            "subtly", "gently", "mildly", "稍微", "稍稍", "略微", "略", "微微", "一点点", "一点",
            "一些", "有点", "些许", "轻微", "轻轻", "些"]),
    (0.6, ["much", "a lot", "lots", "significantly", "greatly", "considerably", "strongly",
           "heavily", "way", "very", "really", "dramatically", "大幅度", "大幅", "很多", "非常",
           "明显", "大大", "显著", "强烈", "狠狠", "很", "特别"]),
    (1.0, ["completely", "fully", "totally", "entirely", "maximum", "max", "完全", "彻底", "最大"]),
]

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
verify write zoom clear eliminate decorate attach stick paste wipe dye tint let desaturate
what which who whom whose where when why how is are was were does do did can could should would
will has have
""".split())

# Chinese verbs: a piece containing one is a clause of its own.
VERBS_ZH: tuple[str, ...] = (
    "换", "改", "变", "加", "添", "删", "去", "移", "识别", "提取", "读", "框", "标", "圈",
    "高亮", "裁", "扩", "生成", "画", "绘", "虚化", "模糊", "调", "提高", "降低", "增", "减",
    "翻译", "检查", "描述", "输出", "预测", "估计", "检测", "分割", "合成", "拼", "做", "转",
    "替", "涂", "染", "刷", "设", "用", "放", "戴", "抠", "把", "将", "给",
)

# "change the ATTRIBUTE of X to Y": which kind of edit the attribute names.
ATTRIBUTES: dict[str, list[str]] = {
    "color": ["color", "colour", "colors", "colours", "hue", "颜色", "色彩", "配色"],
    "material": ["material", "materials", "texture", "材质", "材料", "质地", "质感"],
    "pose": ["pose", "posture", "gesture", "stance", "姿势", "姿态", "动作", "体态"],
    "style": ["style", "art style", "artistic style", "风格", "画风"],
    "text": ["text", "words", "wording", "writing", "lettering", "letters", "letter", "number",
             "numbers", "license plate", "license plate number", "licence plate", "plate number",
             "destination", "caption", "title", "label", "slogan", "logo text", "文字", "数字",
             "车牌", "车牌号", "标语", "标题", "字"],
    "content": ["content", "contents", "pattern", "patterns", "design", "print", "logo",
                "display", "screen", "screen display", "time", "topping", "toppings", "filling",
                "drawing", "image", "picture", "wallpaper", "cover", "numerals", "digit content",
                "decoration", "graphic", "内容", "图案", "花纹", "屏幕", "图标", "标志", "时间",
                "装饰", "画面内容"],
}

# Poses said as a verb: "make the dog sit", "让猫坐下".
POSES_EN = ["sit down", "sit up", "sit", "stand up", "stand", "lie down", "lay down", "lie",
            "raise", "lift", "wave", "jump", "run", "walk", "dance", "kneel", "crouch", "squat",
            "bow", "look", "turn", "point", "hold up", "fly", "cross", "bend", "stretch", "clap",
            "open", "close", "nod", "smile", "face"]
POSES_ZH = ["坐下", "坐着", "坐", "站起来", "站着", "站", "躺下", "躺着", "躺", "举起", "举手", "抬起",
            "抬头", "低头", "挥手", "招手", "跳起来", "跳舞", "跳", "奔跑", "跑", "走", "跪", "蹲",
            "弯腰", "转头", "回头", "转身", "微笑", "张开", "闭上", "伸出", "交叉", "鞠躬", "飞"]

# How two input images are combined (tools.compose modes).
COMPOSE_MODES: dict[str, list[str]] = {
    "logo": ["logo", "watermark", "icon", "badge", "stamp", "emblem", "inset", "水印", "标志",
             "图标", "角标", "徽标", "徽章", "贴在", "放在", "放到", "叠加"],
    "stack": ["stack", "stacked", "vertically", "on top of each other", "one above the other",
              "top and bottom", "上下", "竖着", "竖向", "纵向", "竖排", "上下拼接"],
    "side_by_side": ["side by side", "side-by-side", "next to each other", "horizontally",
                     "left and right", "并排", "左右", "横向", "横排", "并列"],
}
