"""Word tables for things, places and colours that the tools' own vocabularies do not (yet)
have. The planner reads `tools.regions.TARGET_WORDS` / `OBJECT_WORDS`, `tools.placement`'s
POSITION_WORDS / RELATION_WORDS, `tools.stickers.STICKER_WORDS` and `tools.colors` first; these
add to them. Add a synonym here, not in a regex."""

from __future__ import annotations

from tools.placement import Corner, Relation

# More words for the canonical targets of tools.regions.
EXTRA_TARGET_WORDS: dict[str, str] = {
    **dict.fromkeys(["men", "women", "guy", "guys", "lady", "ladies", "kid", "kids", "child",
                     "children", "human", "humans", "boys", "girls", "persons", "he", "she", "him",
                     "her", "他", "她", "他们", "她们", "pedestrian", "pedestrians", "小孩", "孩子", "人们",
                     "行人", "人像", "人体"], "person"),
    **dict.fromkeys(["t-shirt", "t shirt", "tshirt", "tee", "hoodie", "sweater", "blouse", "skirt",
                     "trousers", "jeans", "uniform", "vest", "robe", "clothes", "shirts", "jackets",
                     "dresses", "t恤", "毛衣", "卫衣", "裤子", "夹克", "西装", "衣物", "连衣裙"],
                    "clothes"),
    **dict.fromkeys(["head", "heads", "人头", "面孔", "脸蛋", "头", "头部"], "face"),
    **dict.fromkeys(["mask", "masked area", "masked region", "selected area", "selection",
                     "selected region", "蒙版", "蒙版区域", "选区", "遮罩", "遮罩区域"], "mask"),
    **dict.fromkeys(["main subject", "foreground", "前景"], "subject"),
    **dict.fromkeys(["whole picture", "entire image", "whole photo", "everything", "图像", "图",
                     "整个画面", "整幅图"], "image"),
    **dict.fromkeys(["texts", "lettering", "文本"], "text"),
}

# Chinese object names -> the English name the tagger knows (object:<name>), beyond
# tools.regions.OBJECT_WORDS.
OBJECT_ZH: dict[str, str] = {
    "桌子": "table", "餐桌": "dining table", "椅子": "chair", "沙发": "sofa", "床": "bed",
    "马": "horse", "牛": "cow", "羊": "sheep", "熊": "bear", "大象": "elephant", "斑马": "zebra",
    "长颈鹿": "giraffe", "兔子": "rabbit", "老鼠": "mouse", "鸭子": "duck", "鱼": "fish",
    "小狗": "dog", "小猫": "cat", "猫咪": "cat", "狗狗": "dog", "鸽子": "pigeon",
    "瓶子": "bottle", "碗": "bowl", "盘子": "plate", "勺子": "spoon", "叉子": "fork", "刀": "knife",
    "苹果": "apple", "香蕉": "banana", "橙子": "orange", "披萨": "pizza", "蛋糕": "cake",
    "手机": "cell phone", "电脑": "computer", "笔记本电脑": "laptop", "键盘": "keyboard",
    "鼠标": "mouse", "电视": "tv", "书": "book", "包": "bag", "背包": "backpack", "伞": "umbrella",
    "雨伞": "umbrella", "时钟": "clock", "钟": "clock", "花瓶": "vase", "自行车": "bicycle",
    "摩托车": "motorcycle", "飞机": "airplane", "船": "boat", "火车": "train", "公交车": "bus",
    "卡车": "truck", "树": "tree", "房子": "house", "天空": "sky", "窗户": "window", "门": "door",
    "墙": "wall", "水印": "watermark", "标志": "logo", "领带": "tie", "鞋子": "shoes", "鞋": "shoes",
    "帽子": "hat", "眼镜": "glasses", "头发": "hair", "山": "mountain", "草地": "grass",
    "路灯": "street lamp", "红绿灯": "traffic light", "风筝": "kite", "滑板": "skateboard",
    "冲浪板": "surfboard", "杯子": "cup", "植物": "plant", "盆栽": "potted plant",
}

# Parts of a thing: "on the cat's head", "the nose of the dog" place by (or act on) the owner.
PARTS: frozenset[str] = frozenset("""head heads neck back nose ear ears eye eyes mouth hand hands
arm arms leg legs foot feet paw paws tail shoulder shoulders chest lap wrist finger fingers horn
horns beak wing wings body top side surface edge front bottom middle center centre seat roof
hood lid handle face cheek forehead chin belly screen wall handlebar handlebars cab roof
deck rim base brim spout cap tip wheel wheels
头 头上 头顶 脖子 颈 背 背上 鼻子 耳朵 眼睛 嘴 嘴巴 手 手上 手臂 胳膊 腿 脚 爪子 尾巴 肩膀 肩 胸前 胸口
顶部 表面 身上 身体 脸上""".split())

# Words that say which one, not what: stripped when naming an object:<name> target.
MODIFIERS: frozenset[str] = frozenset("""left right top bottom upper lower front back rear middle
center centre far near foreground background first second third last other existing original
top-left top-right bottom-left bottom-right small big large tiny little huge tall short cute
old young new empty whole entire single main""".split())
MODIFIERS_ZH = ("左边的", "右边的", "左侧的", "右侧的", "上面的", "下面的", "上方的", "下方的", "中间的",
                "前面的", "后面的", "远处的", "近处的", "左上角的", "右上角的", "左下角的", "右下角的",
                "左边", "右边", "大", "小")

# Places that mean a region of the picture: "add a bird in the sky" -> at the top.
PLACES: dict[str, Corner] = {
    **dict.fromkeys(["sky", "the sky", "air", "天空", "天上", "空中"], "top"),
    **dict.fromkeys(["ground", "floor", "地上", "地面", "地板"], "bottom"),
}

# Relations tools.placement has no word for. The sticker set is flat, so depth relations take
# their place in the frame: in front of a thing is lower in the picture, behind it is higher.
EXTRA_RELATIONS: dict[str, Relation] = {
    **dict.fromkeys(["to", "in", "inside", "into", "at", "onto", "on top of", "upon", "around",
                     "top of", "on the top of", "里", "里面", "中", "内", "上面", "顶上", "头上", "身上"],
                    "on"),
    **dict.fromkeys(["behind", "in back of", "at the back of", "后面", "后方", "背后", "后"], "above"),
    **dict.fromkeys(["in front of", "front of", "underneath", "at the foot of", "前面", "前方", "前",
                     "下", "底下", "脚下"], "below"),
    **dict.fromkeys(["to the left of", "on the left of", "on the left side of", "left side of",
                     "at the left of", "左", "左面"], "left-of"),
    **dict.fromkeys(["to the right of", "on the right of", "on the right side of", "right side of",
                     "at the right of", "near", "by", "close to", "alongside", "next to", "beside",
                     "附近", "周围", "旁", "边上", "右", "右面"], "right-of"),
}

EXTRA_POSITIONS: dict[str, Corner] = {
    **dict.fromkeys(["top left", "upper-left", "左上方"], "top-left"),
    **dict.fromkeys(["top right", "upper-right", "右上方"], "top-right"),
    **dict.fromkeys(["bottom left", "lower-left", "左下方"], "bottom-left"),
    **dict.fromkeys(["bottom right", "lower-right", "右下方"], "bottom-right"),
    **dict.fromkeys(["上", "顶端", "上边"], "top"),
    **dict.fromkeys(["下", "底端", "下边", "底下"], "bottom"),
    **dict.fromkeys(["左", "左面"], "left"),
    **dict.fromkeys(["右", "右面"], "right"),
    **dict.fromkeys(["centre of the image", "正中间", "中心"], "center"),
}

# Colour words tools.colors does not know -> a name it does.
COLOR_ALIASES: dict[str, str] = {
    "golden": "gold", "violet": "purple", "lavender": "purple", "crimson": "dark red",
    "scarlet": "red", "maroon": "dark red", "burgundy": "dark red", "turquoise": "cyan",
    "navy blue": "navy", "khaki": "beige", "ivory": "white", "off-white": "white", "aqua": "cyan",
    "金黄色": "gold", "金黄": "gold", "银白色": "silver", "紫红色": "magenta", "玫红色": "magenta",
    "橘红色": "orange", "咖啡": "brown", "褐色": "brown", "军绿色": "dark green", "墨绿色": "dark green",
}

# Sticker names when tools.stickers is not there (it is the source of truth when it is).
STICKERS_FALLBACK: dict[str, list[str]] = {
    "hat": ["hat", "cap", "帽子"], "crown": ["crown", "皇冠", "王冠"], "sun": ["sun", "太阳"],
    "star": ["star", "星星", "五角星"], "heart": ["heart", "爱心", "心形"],
    "glasses": ["glasses", "eyeglasses", "眼镜"], "cloud": ["cloud", "云", "云朵"],
    "flower": ["flower", "花", "花朵"], "balloon": ["balloon", "气球"], "arrow": ["arrow", "箭头"],
    "speech bubble": ["speech bubble", "对话框", "气泡"], "moon": ["moon", "月亮"],
    "sparkle": ["sparkle", "sparkles", "闪光"],
}

# Counts said in words.
COUNT_WORDS: dict[str, int] = {
    "a": 1, "an": 1, "one": 1, "single": 1, "two": 2, "couple of": 2, "a couple of": 2,
    "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "twenty": 20, "a few": 3, "few": 3, "several": 3, "几": 3,
    "一些": 3, "几个": 3, "一对": 2, "一双": 2,
}
