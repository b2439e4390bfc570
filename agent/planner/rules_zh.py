"""Chinese patterns, in priority order: the first rule that matches and builds wins.
Patterns run on one part with quoted strings as placeholders (QUOTE) and polite openers gone."""

from __future__ import annotations

import re

from agent.planner import builders as b
from agent.planner import builders_adjust as adj
from agent.planner import builders_attributes as attr
from agent.planner import builders_background as bg
from agent.planner import builders_image as img
from agent.planner import builders_marks as mk
from agent.planner import builders_objects as obj
from agent.planner import builders_untyped as u
from agent.planner.draft import Built, Rule, rule
from agent.planner.phrases import BACKGROUND, COLOR, alternation
from agent.planner.quotes import PLACEHOLDER as QUOTE
from agent.planner.quotes import Protected
from agent.planner.vocab import POSES_ZH

_POLITE = re.compile(
    r"^(?:请你?|麻烦你?|帮我|帮忙|给我|你能|能不能|能否|可以|可不可以|我想要?|我要|我希望|希望|"
    r"需要|能(?=把|将|帮|给))+"
)


def strip_polite(text: str) -> str:
    return _POLITE.sub("", text.strip())


_EDIT_VERB = re.compile(
    "换|改|变|加|添|去掉|删|移除|标|框|圈|识别|提取|生成|画|调|裁|虚化|模糊|设|涂|染|刷|抠|替"
)


def _yes_no_question(m: re.Match[str], part: Protected) -> Built:
    # "背景是蓝色的吗" asks; "能把背景换成蓝色吗" is a polite request.
    return None if _EDIT_VERB.search(part.text) else u.answer(m, part)


_KW = "(?:文字|文本|字样|文案|标题|字)"
_CHANGE = "(?:替换成|替换为|修改成|修改为|更改为|更换为|改写为|换成|改成|改为|换为|变成|变为|→|->)"
_REMOVE = "(?:去掉|去除|删除|删掉|移除|抹掉|擦掉|擦除|消除|除去|拿掉|[Pp]掉|清除)"
_ADD = "(?:加上|添加|增加|放上|放置|戴上|画上|插入|加入|贴上|加|戴|画(?![面布幅]))"
_ADD_TO = "(?:加到|添加到|放到|放在|加在|贴到|贴在|戴到|戴在|画在|画到)"
_INTO = "(?:替换成|替换为|转换成|转变成|换成|变成|改成|改为|换为|变为|做成)"
_ATTR_INTO = "(?:替换成|替换为|修改成|修改为|更改为|更换为|换成|改成|改为|换为|变成|变为|调整为|调整成|设为)"
_IMAGE_REF = ("(?:第[一二两三四五六七八九十\\d]+张(?:输入)?(?:图片|图像|照片|图)|图\\s*\\d"
              "|另一张(?:图片|照片|图)|两张(?:图片|照片|图))")

_SHAPE = "(?:三角形|正方形|长方形|矩形|平行四边形|菱形|梯形|正?[五六八]边形|圆(?![心周圈形])|△|⊙)"
_MARK_VERB = "(?:画|加|添|标|作|找|显示|绘|描|检测|用)"

RULES: list[Rule] = [
    rule("什么|多少|哪|几(?:个|张|位|处|行|种|只|条)|是否|有没有|是不是|为什么|怎么样|谁",
         u.answer),
    rule("^(?:描述|说说|说一下|介绍|解释|检查|核对|统计|数一数|数数|告诉我|翻译)", u.answer),
    rule(r"吗\s*[?？]?\s*$|[?？]\s*$", _yes_no_question),
    # Geometry figures and marks other than boxes, before boxes ("标出人脸的宽度" measures).
    rule(f"^(?:画|作|绘制?|做|构造)[^，,]*?{_SHAPE}|^(?:直角|等腰|等边|Rt\\s*)?{_SHAPE}", mk.geometry),
    rule("(?:用|画|加|添加|标|指)[^，,]{0,6}箭头|箭头[^，,]{0,4}(?:指向|指着|指出|标出|对准)", mk.arrow),
    rule("编号|标号|序号|标上数字|标数字|数字标", mk.numbers),
    rule("(?:测量|量一下|量出|标出|标注|标明|画出|标)[^，,]*?(?:宽度|高度|尺寸|长度|多宽|多高)", mk.measure),
    rule("(?:连接|连起|连上|连线|相连|连)[^，,]{0,6}?(?:眼睛|双眼|两眼|眼)|(?:眼睛|双眼|两眼|两只眼睛?)[^，,]{0,6}?"
         "(?:连接|连起来|连线|连成|相连)", mk.eye_line),
    rule(f"{_MARK_VERB}[^，,]*?(?:对称轴|对称线|中轴线)", mk.symmetry_axis),
    rule(f"{_MARK_VERB}[^，,]*?(?:地平线|海平线|天际线)", mk.horizon),
    rule("框出|框选|框住|框起|标出|标记|标注|圈出|圈起|高亮(?!度)|突出显示|标示|(?:加|画|用|绘制?)[^，,]{0,4}(?<!边)框",
         b.annotate),
    rule(rf"(?:{_KW}\s*)?(?P<old>{QUOTE})\s*{_CHANGE}\s*(?P<new>{QUOTE}|.+?)\s*$", b.replace_text),
    rule(rf"(?:把|将)\s*(?P<kw>{_KW})\s*(?P<old>\S+?)\s*{_CHANGE}\s*(?P<new>{QUOTE}|.+?)\s*$",
         b.replace_text),
    rule(rf"(?:把|将)\s*(?P<old>[A-Za-z0-9%$]\S*?)\s*{_CHANGE}\s*(?P<new>{QUOTE}|.+?)\s*$",
         b.replace_text),
    rule(rf"用\s*(?P<new>{QUOTE})\s*(?:替换|代替|取代)\s*(?P<old>{QUOTE})", b.replace_text),
    rule(rf"^(?:把|将)?(?P<target>.*?)的?(?P<attr>{attr.ATTRIBUTE}){_ATTR_INTO}\s*(?P<new>.+)$",
         attr.attribute),
    rule(BACKGROUND, bg.replace_background),
    rule(r"(?<![A-Za-z])ocr(?![A-Za-z])|文字识别|(?:文字|文本|字)[^，,]{0,3}?(?:提取|识别|读)|(?:识别|提取|读取|读出|读一下|认出|检测|扫描|获取|输出)"
         r"[^，,]{0,8}?(?:文字|文本|字)", b.ocr),
    rule("深度", u.perception_map("depth_map")),
    rule("分割|掩码|蒙版", u.perception_map("segmentation_map")),
    rule("边缘|轮廓", u.perception_map("edge_map")),
    rule("目标检测|物体检测|检测(?P<rest>.*)", u.perception_map("detection_map")),
    rule(adj.ADJUST, adj.adjust),
    rule(f"合成|拼接|拼图|拼在一起|拼成|合并|融合|放在一起|放到一起|组合|并排|{_IMAGE_REF}", img.compose),
    rule(f"(?:画(?![面布幅])|生成|绘制|制作|做|创建|设计)[^，,]*?(?P<kind>{u.DIAGRAM_KIND})", u.diagram),
    rule(f"^(?P<kind>{u.DIAGRAM_KIND})", u.diagram),
    rule("^(?:画(?![面布幅])|生成|绘制|创作|创建|制作|设计)(?:出)?(?P<prompt>.+)", u.generate),
    rule("(?:裁剪|裁切|剪裁|截取|裁)(?:出|成|到|为)?(?P<rest>.*)", img.crop),
    rule(r"比例|画布|扩展|扩图|扩充|画幅|尺寸|宽高比|\d\s*[:：比]\s*\d|\d\s*[x×]\s*\d",
         img.resize_canvas),
    rule(img.STYLE, img.stylize),
    rule(f"^(?:让|使|叫)(?P<target>.+?)(?P<pose>{alternation(POSES_ZH)}.*)$", obj.change_pose),
    rule(f"^(?:(?:在|给|往|为)(?P<where>.+?))?{_ADD}(?P<obj>.+)$", obj.add_object),
    rule(f"^(?:把|将)(?P<obj>.+?){_ADD_TO}(?P<where>.+)$", obj.add_object),
    rule(f"{_REMOVE}(?P<obj>.+)$", obj.remove_object),
    rule(f"^(?:把|将)(?P<obj>.+?){_REMOVE}", obj.remove_object),
    rule(f"^(?:把|将)?(?P<target>.+?)(?:的?材质)?{_INTO}\\s*(?P<mat>{obj.MATERIAL})(?:的|质|材质|质感|材料)*\\s*$",
         obj.change_material),
    rule(f"^(?:把|将)?(?P<target>.+?)(?:的?颜色)?(?:{_INTO}|涂成|染成|刷成|调成|设为|设置为|变)"
         f"\\s*(?P<color>{COLOR})(?:的)?\\s*$", img.recolor),
    rule(f"^(?:把|将)?(?P<target>.+?){_INTO}(?P<new>.+)$", obj.replace_object),
    rule("^用(?P<new>.+?)(?:替换|代替|取代)(?P<target>.+)$", obj.replace_object),
]
