"""Quantities stage: named cases per class (positive and negative), seeds, data files.

Input to find_quantities is clean text (simplified, ASCII digits and punctuation), so every
case is written in simplified Chinese; cases with a ``traditional`` form also check that the
traditional text, cleaned, reads the same.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal as D
from pathlib import Path

import pytest

from edureports import quantities
from edureports.errors import DataFileError
from conftest import SEED_FILES, clean, seed_text
from edureports.quantities import DATA_DIR, DATA_FILES, UNITS, data_errors, find_quantities, parse_chinese



@dataclass(frozen=True)
class Case:
    """``expect`` lists (raw, value, unit, qualifier) for every quantity found, in order."""

    name: str
    text: str
    expect: list
    traditional: str | None = None


def Q(raw, value, unit, qualifier="exact"):
    return (raw, None if value is None else D(value), unit, qualifier)


def params(*groups, xfail=()):
    cases = [c for group in groups for c in group]
    marks = {name: pytest.mark.xfail(strict=True, reason=why) for name, why in xfail}
    return [pytest.param(c, id=c.name, marks=marks.get(c.name, ())) for c in cases]


def found(text):
    return [(q.raw, q.value, q.unit, q.qualifier) for q in find_quantities(text)]


# --------------------------------------------------------------------------- positive classes

ARABIC = [
    Case("integer", "全区有幼儿园76所", [Q("76所", "76", "institution")]),
    Case("decimal", "建设面积987.7平方米", [Q("987.7平方米", "987.7", "m2")]),
    Case("thousands_separator", "投入1,200万元", [Q("1,200万元", "12000000", "yuan")]),
    Case("thousands_separator_two_groups", "在校生1,234,567人", [Q("1,234,567人", "1234567", "person")]),
    Case("comma_between_clauses_is_no_separator", "学校13所,其中8所", [Q("13所", "13", "institution"), Q("8所", "8", "institution")]),
    Case("several_in_a_sentence", "普文81人,普理170人", [Q("81人", "81", "person"), Q("170人", "170", "person")]),
    Case("after_a_verb", "公开招聘选聘教师90人", [Q("90人", "90", "person")]),
    Case("line_start_decimal_is_no_list_marker", "1.5万人参加", [Q("1.5万人", "15000", "person")]),
]

CHINESE = [
    Case("single_digit", "到我市三所小学作宣讲报告", [Q("三所", "3", "institution")]),
    Case("liang", "两所初级中学", [Q("两所", "2", "institution")], traditional="兩所初級中學"),
    Case("ten", "开垦出十亩果蔬基地", [Q("十亩", "10", "mu")]),
    Case("twenty_two", "二十二所学校", [Q("二十二所", "22", "institution")]),
    Case("one_hundred_twenty", "一百二十名教师", [Q("一百二十名", "120", "person")]),
    Case("two_thousand", "两千人参加", [Q("两千人", "2000", "person")], traditional="兩千人參加"),
    Case("thirty_five_thousand", "三万五千人", [Q("三万五千人", "35000", "person")], traditional="三萬五千人"),
    Case("abbreviated_last_digit", "两千五百元与一百五人", [Q("两千五百元", "2500", "yuan"), Q("一百五人", "150", "person")]),
    Case("with_zero", "一百零五所", [Q("一百零五所", "105", "institution")]),
    Case("with_circle_zero", "一千〇八人", [Q("一千〇八人", "1008", "person")]),
    Case("zero_alone", "发生零起事故", [Q("零起", "0", "event")]),
    Case("capital_numerals", "叁佰元", [Q("叁佰元", "300", "yuan")]),
    Case("yi_with_wan", "三亿五千万元", [Q("三亿五千万元", "350000000", "yuan")], traditional="三億五千萬元"),
    Case("two_digit_approximation", "三四十人", [Q("三四十人", "30", "person", "approx")]),
    Case("count_cue_makes_one_a_count", "共一所学校", [Q("一所", "1", "institution")]),
    Case("one_closing_a_clause_is_a_count", "吊销办学许可证一家;批准13家", [Q("一家", "1", "institution"), Q("13家", "13", "institution")]),
    Case("one_in_a_list_is_a_count", "经过两次联席会议、一次联合执法后", [Q("两次", "2", "event"), Q("一次", "1", "event")]),
]

MIXED = [
    Case("wan_decimal", "学杂费5775.1万元", [Q("5775.1万元", "57751000", "yuan")], traditional="學雜費5775.1萬元"),
    Case("wan_people", "惠及学生57.9万人", [Q("57.9万人", "579000", "person")]),
    Case("wan_over", "参赛人数达1.3万多人", [Q("1.3万多人", "13000", "person", "over")], traditional="參賽人數達1.3萬多人"),
    Case("qian_near", "创建农民工业余学校近2千所", [Q("近2千所", "2000", "institution", "approx")]),
    Case("qian", "2千所学校", [Q("2千所", "2000", "institution")]),
    Case("yi", "投入为86.72亿元", [Q("86.72亿元", "8672000000", "yuan")], traditional="投入為86.72億元"),
    Case("shi_wan", "资助3十万元", [Q("3十万元", "300000", "yuan")]),
    Case("bai_wan", "投资1.2百万元", [Q("1.2百万元", "1200000", "yuan")]),
    Case("qian_wan", "投资2千万元", [Q("2千万元", "20000000", "yuan")]),
    Case("wan_yi", "产值1.5万亿元", [Q("1.5万亿元", "1500000000000", "yuan")]),
    Case("wan_square_metres", "新增用地面积570.7万平方米", [Q("570.7万平方米", "5707000", "m2")]),
    Case("wan_person_time", "共培训农民工20万人次", [Q("20万人次", "200000", "person_time")]),
    Case("chinese_numeral_then_magnitude", "三十多万元", [Q("三十多万元", "300000", "yuan", "over")]),
    Case("wan_sets", "采购课桌凳41万套", [Q("41万套", "410000", "item")]),
]

PERCENT = [
    Case("percent_sign", "一本上线率达40.6%", [Q("40.6%", "40.6", "percent")]),
    Case("percent_over_hundred", "入园率为108.88%", [Q("108.88%", "108.88", "percent")]),
    Case("percent_words", "百分之四十的学校", [Q("百分之四十", "40", "percent")]),
    Case("percent_words_hundred", "达到百分之百", [Q("百分之百", "100", "percent")]),
    Case("percent_words_arabic", "百分之95.5", [Q("百分之95.5", "95.5", "percent")]),
    Case("per_mille_words", "千分之五", [Q("千分之五", "0.5", "percent")]),
    Case("per_mille_sign", "辍学率3‰", [Q("3‰", "0.3", "percent")]),
    Case("percentage_points", "提高3.5个百分点", [Q("3.5个百分点", "3.5", "percentage_point")], traditional="提高3.5個百分點"),
    Case("percentage_points_without_ge", "提高2百分点", [Q("2百分点", "2", "percentage_point")]),
    Case("trailing_zero_kept_in_raw", "占20.10%", [Q("20.10%", "20.1", "percent")]),
]

RATIO = [
    Case("ratio_decimal", "电脑生机比为8.49:1", [Q("8.49:1", "8.49", "ratio")]),
    Case("ratio_two_decimals", "招生比例保持在5.4:4.6", [Q("5.4:4.6", "1.1739130435", "ratio")]),
    Case("ratio_after_ratio_word", "师生比1:15", [Q("1:15", "0.0666666667", "ratio")]),
    Case("ratio_colon_sign", "师生比为1∶15", [Q("1∶15", "0.0666666667", "ratio")]),
    Case("fraction_chinese", "三分之一的学校", [Q("三分之一", "0.3333333333", "ratio")]),
    Case("fraction_four_fifths", "五分之四", [Q("五分之四", "0.8", "ratio")]),
    Case("times", "增长2倍", [Q("2倍", "2", "ratio")]),
]

RANGE = [
    Case("hyphen", "新建3-5所学校", [Q("3-5所", "3", "institution")]),
    Case("zhi", "新建3至5所学校", [Q("3至5所", "3", "institution")]),
    Case("dao", "每班3到5人", [Q("3到5人", "3", "person")]),
    Case("tilde", "补助200~500元", [Q("200~500元", "200", "yuan")]),
    Case("chinese", "三至五所", [Q("三至五所", "3", "institution")]),
    Case("shared_magnitude", "投入3-5万元", [Q("3-5万元", "30000", "yuan")]),
    Case("both_magnitudes", "投入3万-5万元", [Q("3万-5万元", "30000", "yuan")]),
    Case("percent_both_ends", "增长3%-5%", [Q("3%-5%", "3", "percent")]),
    Case("from_to_is_no_range", "由44.1%到54%", [Q("44.1%", "44.1", "percent"), Q("54%", "54", "percent")]),
]

QUALIFIERS = [
    Case("jin", "近50亿元", [Q("近50亿元", "5000000000", "yuan", "approx")]),
    Case("yue", "投入约900万元", [Q("约900万元", "9000000", "yuan", "approx")], traditional="投入約900萬元"),
    Case("dayue", "大约300人", [Q("大约300人", "300", "person", "approx")]),
    Case("jiejin", "接近2000人", [Q("接近2000人", "2000", "person", "approx")]),
    Case("zuoyou", "3000人左右", [Q("3000人左右", "3000", "person", "approx")]),
    Case("yu_before_magnitude", "投入500余万元", [Q("500余万元", "5000000", "yuan", "over")], traditional="投入500餘萬元"),
    Case("yu_before_unit", "培训1800余人次", [Q("1800余人次", "1800", "person_time", "over")]),
    Case("duo", "80多名幼儿教师", [Q("80多名", "80", "person", "over")]),
    Case("yishang", "就业率保持在96%以上", [Q("96%以上", "96", "percent", "over")]),
    Case("chaoguo", "超过500人", [Q("超过500人", "500", "person", "over")]),
    Case("yu", "逾万人参加,逾3000人", [Q("逾3000人", "3000", "person", "over")]),
    Case("chao", "超2000名", [Q("超2000名", "2000", "person", "over")]),
    Case("budao", "不到3%", [Q("不到3%", "3", "percent", "under")]),
    Case("yixia", "班额45人以下", [Q("45人以下", "45", "person", "under")]),
    Case("buzu", "不足10所", [Q("不足10所", "10", "institution", "under")]),
    Case("jiyishang", "80%及以上", [Q("80%及以上", "80", "percent", "over")]),
    Case("lai", "20来人", [Q("20来人", "20", "person", "approx")]),
    Case("yue_in_jieyue_is_no_qualifier", "节约3万元", [Q("3万元", "30000", "yuan")]),
    Case("jin_in_zuijin_is_no_qualifier", "最近3所", [Q("3所", "3", "institution")]),
    Case("jin_with_chinese", "开垦出一块近十亩的果蔬基地", [Q("近十亩", "10", "mu", "approx")]),
]

MASKED = [
    Case("trailing_star", "对全市1459*名义务教育阶段学生", [Q("1459*名", None, "person", "masked")]),
    Case("inner_star", "实现春季招生1*8人", [Q("1*8人", None, "person", "masked")]),
    Case("x_mask", "招生14xx人", [Q("14xx人", None, "person", "masked")]),
    Case("masked_with_magnitude", "投入3*万元", [Q("3*万元", None, "yuan", "masked")]),
    Case("masked_with_qualifier", "约2*0人", [Q("约2*0人", None, "person", "masked")]),
    Case("star_without_digit_is_no_number", "《*市民办学校管理办法》与*县", []),
]

UNITS_CASES = [
    Case("yuan", "退款39.48万元", [Q("39.48万元", "394800", "yuan")]),
    Case("yuan_plain", "补助1000元", [Q("1000元", "1000", "yuan")]),
    Case("person_ren", "1人受处分", [Q("1人", "1", "person")]),
    Case("person_ming", "51名专职保安员", [Q("51名", "51", "person")]),
    Case("person_wei", "聘请了36位教育专家", [Q("36位", "36", "person")]),
    Case("person_time", "发放667人次", [Q("667人次", "667", "person_time")]),
    Case("institution_suo", "9所学校", [Q("9所", "9", "institution")]),
    Case("institution_jia", "批准13家办学许可证", [Q("13家", "13", "institution")]),
    # 个 with nothing after it takes its unit from the noun just before the number
    Case("ge_after_organisation", "共有基层党组织468个、党员9300余名",
         [Q("468个", "468", "institution"), Q("9300余名", "9300", "person", "over")]),
    Case("ge_after_project", "实施学校新建、改扩建项目42个,总投资23.6亿元",
         [Q("42个", "42", "item"), Q("23.6亿元", "2360000000", "yuan")]),
    Case("ge_after_plain_noun", "建成学生社团35个。", [Q("35个", "35", "count")]),
    # a score stated as a result or a change is a figure (count of points)
    Case("score_average", "中考全县平均分为486.5分,同比提高11.2分,位列全市第二。",
         [Q("486.5分", "486.5", "count"), Q("11.2分", "11.2", "count")]),
    Case("ge_before_school", "38个学校", [Q("38个", "38", "institution")], traditional="38個學校"),
    Case("ge_before_kindergarten", "5个幼儿园", [Q("5个", "5", "institution")]),
    Case("ge_before_organisation", "38个党组织", [Q("38个", "38", "institution")]),
    Case("ge_before_project", "3个新建项目", [Q("3个", "3", "item")]),
    Case("ge_before_engineering", "两个工程", [Q("两个", "2", "item")]),
    Case("ge_head_noun_last", "申报了6个县级中等职业学校基础能力建设项目", [Q("6个", "6", "item")]),
    Case("ge_other", "84个代表队", [Q("84个", "84", "count")]),
    Case("ge_at_clause_end", "新增学位2700个,投入", [Q("2700个", "2700", "count")]),
    Case("item_xiang", "立项1项", [Q("1项", "1", "item")]),
    Case("item_tao", "采购讲台1万套", [Q("1万套", "10000", "item")]),
    Case("item_jian", "建议共计5件", [Q("5件", "5", "item")]),
    Case("event_ci", "先后4次", [Q("4次", "4", "event")]),
    Case("event_changci", "表演29场次", [Q("29场次", "29", "event")]),
    Case("event_qi", "现已编发7期", [Q("7期", "7", "event")]),
    Case("event_lun", "进行了5轮实地观测", [Q("5轮", "5", "event")]),
    Case("event_jieci", "指导课堂教学200余节次", [Q("200余节次", "200", "event", "over")]),
    Case("event_chang", "开展讲座12场", [Q("12场", "12", "event")]),
    Case("m2_symbol", "校舍3000㎡", [Q("3000㎡", "3000", "m2")]),
    Case("m2_hectare", "占地2公顷", [Q("2公顷", "20000", "m2")]),
    Case("km", "光纤总长度近15000公里", [Q("近15000公里", "15000", "km", "approx")]),
    Case("km_qianmi", "长1200千米", [Q("1200千米", "1200", "km")]),
    Case("km_ascii", "校车线路35km", [Q("35km", "35", "km")]),
    Case("mu", "占地50亩", [Q("50亩", "50", "mu")]),
    Case("count_tai", "配备电脑300台", [Q("300台", "300", "count")]),
    Case("count_ce", "图书2万册", [Q("2万册", "20000", "count")]),
    Case("count_tiao", "刊发信息76条", [Q("76条", "76", "count")]),
    Case("count_liang", "校车20辆", [Q("20辆", "20", "count")]),
    Case("unitless_count_after_shu", "上线人数为1200,", [Q("1200", "1200", "count")]),
    Case("list_inherits_unit", "分别有3、5、7所", [Q("3", "3", "institution"), Q("5", "5", "institution"), Q("7所", "7", "institution")]),
    Case("unit_word_inside_other_word", "所有学校与3家长", []),
]

SEED_SENTENCES = [
    Case("seed001_tuition", "已免除全市义务教育阶段公办学校学生学杂费5775.1万元,惠及学生57.9万人,完成指标数的100%。",
         [Q("5775.1万元", "57751000", "yuan"), Q("57.9万人", "579000", "person"), Q("100%", "100", "percent")],
         traditional="已免除全市義務教育階段公辦學校學生學雜費5775.1萬元,惠及學生57.9萬人,完成指標數的100%。"),
    Case("seed001_enrolment", "全市中职学校春季招生4468人,比上年春季招生增加了1565人,同比增长54%,为完成20*年中职招生任务打下了坚实的基础。",
         [Q("4468人", "4468", "person"), Q("1565人", "1565", "person"), Q("54%", "54", "percent")]),
    Case("seed001_toilets", "共改造旱厕项目学校13所,其中新建厕所学校8所,建设面积987.7平方米,改造厕所学校5所,改造面积559平方米,共投资160.8万元。",
         [Q("13所", "13", "institution"), Q("8所", "8", "institution"), Q("987.7平方米", "987.7", "m2"),
          Q("5所", "5", "institution"), Q("559平方米", "559", "m2"), Q("160.8万元", "1608000", "yuan")]),
    Case("seed001_exam", "20*年,我市高考文史类二本以上上线人数1567人,上线率为9.3%;",
         [Q("1567人", "1567", "person"), Q("9.3%", "9.3", "percent")]),
    Case("seed001_prizes", "共评选出个人一等奖15个,二等奖26个,三等奖41个,团体总分奖48个",
         [Q("15个", "15", "count"), Q("26个", "26", "count"), Q("41个", "41", "count"), Q("48个", "48", "count")]),
    Case("seed001_accident", "6月21日凌晨,峡江县戈坪乡芳洲小学发生一起学生点蚊香燃烧被子后被烟雾窒息事故,2名女学生死亡,4名学生受重伤。",
         [Q("2名", "2", "person"), Q("4名", "4", "person")]),
    Case("seed000_staff", "局机关和教辅单位原有人员98人,经过本次清理整顿,保留70人,共精减28人",
         [Q("98人", "98", "person"), Q("70人", "70", "person"), Q("28人", "28", "person")]),
    Case("seed000_exam", "普通理科600分以上人数2人,保持全市提升率第一水平",
         [Q("2人", "2", "person")]),
    Case("seed000_zhongkao", "全市一批次普通高中区内、外分招(360分)上线人数为709人,所占全区比例为57.6%,较去年44.1%,提升13.5%。",
         [Q("709人", "709", "person"), Q("57.6%", "57.6", "percent"), Q("44.1%", "44.1", "percent"), Q("13.5%", "13.5", "percent")]),
    Case("seed000_canteens", "2018年我区24家学校食堂现有17家学校食堂量化等级达到a级占比71%,其余都为b级,学校食堂达标率100%。",
         [Q("24家", "24", "institution"), Q("17家", "17", "institution"), Q("71%", "71", "percent"), Q("100%", "100", "percent")]),
    Case("seed002_budget", "2006、、年,全市财政预算内教育经费投入为86.72亿元、101.89亿元、123.92亿元,分别占财政年度支出总额的20.02%、20.10%、21.04%;",
         [Q("86.72亿元", "8672000000", "yuan"), Q("101.89亿元", "10189000000", "yuan"), Q("123.92亿元", "12392000000", "yuan"),
          Q("20.02%", "20.02", "percent"), Q("20.10%", "20.1", "percent"), Q("21.04%", "21.04", "percent")],
         traditional="2006、、年,全市財政預算內教育經費投入為86.72億元、101.89億元、123.92億元,分別佔財政年度支出總額的20.02%、20.10%、21.04%;"),
    Case("seed002_rates", "至年底,全市3岁及以上儿童入园率为108.88%,学龄儿童入学率为100%",
         [Q("108.88%", "108.88", "percent"), Q("100%", "100", "percent")]),
    Case("seed002_buildings", "共撤并办学规模小、办学效益较低的中小学校602所,新增用地面积570.7万平方米,新增建筑面积236.9万平方米",
         [Q("602所", "602", "institution"), Q("570.7万平方米", "5707000", "m2"), Q("236.9万平方米", "2369000", "m2")]),
    Case("seed002_score", "取得了上线率为86.88%、650分以上考生人数占全省25%的好成绩",
         [Q("86.88%", "86.88", "percent"), Q("25%", "25", "percent")]),
    Case("seed002_teachers", "目前,我市已有1041名代课教师通过“代转公”考试转为公办教师,另有80名代课教师通过正常公开招聘考试转为公办教师。",
         [Q("1041名", "1041", "person"), Q("80名", "80", "person")]),
    Case("seed003_schools", "西关街小学、北大街小学、红星小学、华罗庚实验学校等六所城乡小学正在实施", [Q("六所", "6", "institution")]),
    Case("seed004_places", "等3个新建项目将于12月底全面完成,新增学位学位2700个,区级投入达2000万元;",
         [Q("3个", "3", "item"), Q("2700个", "2700", "count"), Q("2000万元", "20000000", "yuan")]),
    Case("seed004_aid", "发放2019年度我区户籍建档立卡学生667人次,高中免学费146人次,共发放生活费和免学费116.575万元。",
         [Q("667人次", "667", "person_time"), Q("146人次", "146", "person_time"), Q("116.575万元", "1165750", "yuan")]),
]

# --------------------------------------------------------------------------- negative classes

DATES = [
    Case("year", "2018年,九原教育", []),
    Case("month_day", "我局于3月11日到4月27日全面开展", []),
    Case("iso_date", "发布日期:2020-01-23 09:24:58 来源:本网", []),
    Case("iso_date_in_text", "于2020-01-23召开", []),
    Case("month_end", "将于12月底全面完成", []),
    Case("masked_year", "为完成20*年中职招生任务", []),
    Case("year_of_account", "开展了2006年度全市检查", []),
    Case("half_year", "今年上半年,全市教育工作", []),
    Case("clock_time", "时间:2022-12-02 08:27:00", []),
    Case("clock_time_short", "会议于9:30开始", []),
    Case("year_list", "2006、2007、2008年,全市", []),
    Case("year_range", "编制完成《2018-2020年九原区基础教育布局规划》和2018-2020年规划", []),
    Case("masked_year_range", "决定20*-20**年为全市职业教育发展年", []),
    Case("chinese_year", "二〇一九年", []),
    Case("month_from", "今年3月份起", []),
    Case("date_range", "从3月至5月", []),
]

DOCUMENT_NUMBERS = [
    Case("hexagonal_brackets", "内教基字〔2018〕19号", []),
    Case("square_brackets", "吉府发[20*]1号", []),
    Case("lost_year", "粤府办〔〕58号", []),
    Case("number_hao", "国发〔20*〕43号的精神", []),
    Case("plain_hao", "3号楼", []),
]

ORDINALS_AND_MARKERS = [
    Case("di_jie", "举办了第六届江西省中小学英语听力竞赛", []),
    Case("di_yi", "坚持把师德师风作为教师评价的第一标准", []),
    Case("di_ge", "全国第二十二个中小学生安全教育日", []),
    Case("di_pi", "韶关市第三批基础教育名校长", []),
    Case("yi_shi", "一是维护了教育教学秩序。二是规范了学校收费", []),
    Case("paren_marker", "(一)顺利推进了改革", []),
    Case("arabic_list_marker", "1.把党的政治建设摆在首位", []),
    Case("chinese_list_marker", "一、扎实推进义务教育均衡发展", []),
    Case("arabic_enum_comma", "1、进一步做好控辍保学工作", []),
    Case("rank", "列全省第四位", []),
    Case("prize_grade", "个人一等奖", []),
]

NAMES_AND_SLOGANS = [
    Case("school_number_arabic", "包46中足球馆", []),
    Case("school_number_chinese", "新建市九中教学楼", []),
    Case("school_number_long", "市十五中学安全隐患改造", []),
    Case("five_year_plan_quoted", "在“十一五”期间", []),
    Case("five_year_plan_bare", "编制了十一五期间全市规划", []),
    Case("thirteenth_plan", "十三五规划", []),
    Case("four_projects", "实施教育“四大工程”", []),
    Case("four_projects_bare", "四大工程三年行动方案", []),
    Case("two_basics", "积极做好了“两基”迎国检工作", []),
    Case("two_basics_bare", "巩固两基成果", []),
    Case("three_directions", "继续实行“三定向”培养", []),
    Case("one_post_two_duties", "落实一岗双责", []),
    Case("one_to_one", "开展一对一帮扶", []),
    Case("six_ones", "开展了“六个一”活动", []),
    Case("five_batches", "五个一批", []),
    Case("four_earnestly", "“四个切实”“五个一批”“六个精准”", []),
    Case("quoted_count_slogan", "确保教育经费做到“两个提高”、“三个增长”", []),
    Case("count_before_quote", "做到五个“坚持”", []),
    Case("three_year_plan", "三年行动方案", []),
    Case("anniversary", "创建80周年、诞辰1000周年", []),
    Case("title", "《关于下达2019年500万元资金的通知》", []),
    Case("tier_one", "一本上线率与二本以上", []),
    Case("bayi", "建立了八一网络远程教育学院", []),
    Case("ten_dos", "师德师风建设“十个做到、十个禁止”", []),
    Case("numeral_not_a_number", "十一五", []),
]

IDIOMS = [
    Case("shifen", "我十分注重教育法律法规", []),
    Case("yixie", "取得了一些成绩", []),
    Case("wanyi", "以防万一", []),
    Case("yipi", "培养一批名校长", []),
    Case("yikuai", "开垦出一块", []),
    Case("yixilie", "出台了一系列政策", []),
    Case("jinyibu", "进一步规范了办学行为", []),
    Case("yitihua", "统筹城乡义务教育一体化发展", []),
    Case("tongyi", "统一购买教辅资料", []),
    Case("weiyi", "全市唯一的试点区", []),
    Case("yizhi", "一致好评", []),
    Case("article_ming", "作为一名教育管理者", []),
    Case("article_ge", "提供了一个新平台", []),
    Case("article_xiang", "是一项重要工作", []),
    Case("sanfanwuci", "三番五次", []),
    Case("qianjiawanhu", "千家万户", []),
    Case("wan_alone", "万安县武术中学", []),
    Case("vague_dozens", "数十所学校", []),
    Case("vague_some", "几百名学生", []),
    Case("once_off", "一次性补助", []),
    Case("one_direction", "一方面,另一方面", []),
    Case("place_with_numeral", "七台河市与三门峡市", []),
]

SCORES_AGES_DURATIONS = [
    Case("score_threshold", "普通理科600分以上人数2人", [Q("2人", "2", "person")]),
    Case("score_change_threshold", "成绩提高5分以上的学生", []),
    Case("clock_minutes", "8时30分开会", []),
    Case("score_band", "总分在500分以下的考生", []),
    Case("score_line", "分招(360分)上线", []),
    Case("score_bare", "以总成绩709的高分", []),
    Case("age_over", "3岁以上儿童", []),
    Case("age_and_over", "全市3岁及以上儿童", []),
    Case("duration_within", "提出了今后3年内全市职业教育的发展目标", []),
    Case("duration_chinese", "连续三年投入", []),
    Case("one_year_since", "一年来的主要工作", []),
    Case("years_since", "年更攀20年来的新高峰", []),
    Case("months", "用6个月时间", []),
    Case("days", "培训3天", []),
    Case("hours", "每周2小时", []),
    Case("over_years", "20余年", []),
    Case("aspects", "抓好以下四个方面的工作", []),
    Case("every", "每100名学生", []),
]

SITE_METADATA = [
    Case("pages", "- 页数:9", []),
    Case("size", "- 大小:551.62KB", []),
    Case("document_number", "- 文档编号:28013312", []),
    Case("upload_time", "- 上传时间:2023-07-07", []),
    Case("pages_in_title", "《市教育局领导上半年工作总结.docx(9页珍藏版)》请在网上搜索", []),
    Case("view_count", "| 浏览次数:35", []),
    Case("navigation", "- 上一篇:语文老师期末具体工作小结", []),
]

# a minus written before the digits is a sign; a hyphen after a digit or letter is a range or date
SIGNS = [
    Case("minus_percent", "同比增长-5%", [Q("-5%", "-5", "percent")], traditional="同比增長－５％"),
    Case("minus_at_line_start", "-3.5个百分点", [Q("-3.5个百分点", "-3.5", "percentage_point")]),
    Case("minus_after_space", "负增长 -2.5%", [Q("-2.5%", "-2.5", "percent")]),
    Case("minus_sign_u2212", "减少−300人", [Q("−300人", "-300", "person")]),
    Case("range_is_no_sign", "新建3-5所", [Q("3-5所", "3", "institution")]),
    Case("letter_hyphen_is_no_sign", "A-5所", [Q("5所", "5", "institution")]),
    Case("double_hyphen_is_no_sign", "增长--5%", [Q("5%", "5", "percent")]),
]

TAIL = [  # what follows the digits, read in one match: infix, magnitude, infix, then a unit or suffix word
    Case("infix_after_the_magnitude", "资助5万余元", [Q("5万余元", "50000", "yuan", "over")]),
    Case("infix_before_the_magnitude", "惠及30多万人", [Q("30多万人", "300000", "person", "over")]),
    Case("magnitude_that_starts_a_unit_after_an_infix", "修路3余千米", [Q("3余千米", "3", "km", "over")]),
    Case("suffix_after_a_magnitude", "距今2万年", []),
    Case("longer_suffix_wins", "用时10分钟", []),
]
POSITIVE = [ARABIC, CHINESE, MIXED, PERCENT, RATIO, RANGE, QUALIFIERS, MASKED, UNITS_CASES, SEED_SENTENCES, SIGNS, TAIL]
NEGATIVE = [DATES, DOCUMENT_NUMBERS, ORDINALS_AND_MARKERS, NAMES_AND_SLOGANS, IDIOMS, SCORES_AGES_DURATIONS, SITE_METADATA]
GAPS = [
    Case("money_without_yuan", "投入资金50万,", [Q("50万", "500000", "yuan")]),
    Case("one_incident", "发生一起安全事故", [Q("一起", "1", "event")]),
    Case("one_as_count_after_verb", "换发一家办学许可证", [Q("一家", "1", "institution")]),
    Case("district_classifier", "越秀区、天河区等5区先后通过", [Q("5区", "5", "count")]),
    Case("cheng_tenths", "提高两成", [Q("两成", "20", "percent")]),
    Case("slash_fraction", "约占1/3", [Q("约1/3", "0.3333333333", "ratio", "approx")]),
    Case("teens_vague", "十几所学校", [Q("十几所", "10", "institution", "over")]),
    Case("list_joined_by_he", "分别有3和5所", [Q("3", "3", "institution"), Q("5所", "5", "institution")]),
    Case("round_hundred", "高分考生近百人", [Q("近百人", "100", "person", "approx")]),
]
KNOWN_GAPS = [
    ("round_hundred", "a bare magnitude (百, 千) after 近/上/逾 is not read as a number"),
    ("money_without_yuan", "万 without 元 is not read as money"),
    ("one_incident", "一起 is listed as an idiom (together), so 一起 as one incident is lost"),
    ("one_as_count_after_verb", "一 + classifier is an article unless a count cue or clause end says otherwise"),
    ("district_classifier", "区 is not a classifier in units.yaml"),
    ("cheng_tenths", "成 (tenths) is not a unit"),
    ("slash_fraction", "a/b is not read (too easily a date)"),
    ("teens_vague", "十几 is treated as vague and dropped"),
    ("list_joined_by_he", "only 、 passes a unit back along a list"),
]


@pytest.mark.parametrize("case", params(*POSITIVE, *NEGATIVE, GAPS, xfail=KNOWN_GAPS))
def test_find_quantities(case):
    assert found(case.text) == case.expect


TRADITIONAL = [c for group in POSITIVE + NEGATIVE for c in group if c.traditional]


@pytest.mark.parametrize("case", [pytest.param(c, id=c.name) for c in TRADITIONAL])
def test_traditional_form_reads_the_same_once_clean(case):
    assert clean(case.traditional) == case.text
    assert found(clean(case.traditional)) == case.expect


# --------------------------------------------------------------------------- other fields


@dataclass(frozen=True)
class FieldCase:
    name: str
    text: str
    expect: dict


FIELD_CASES = [
    FieldCase("unit_raw_with_magnitude", "5775.1万元", {"unit_raw": "万元", "start": 0, "end": 8}),
    FieldCase("unit_raw_points", "提高3.5个百分点", {"unit_raw": "个百分点", "is_points": True, "start": 2}),
    FieldCase("percent_is_not_points", "54%", {"is_points": False, "unit_raw": "%"}),
    FieldCase("range_low_high", "新建3-5所学校", {"low": D(3), "high": D(5), "value": D(3)}),
    FieldCase("range_scaled", "3-5万元", {"low": D(30000), "high": D(50000)}),
    FieldCase("approximation_low_high", "三四十人", {"low": D(30), "high": D(40), "qualifier": "approx"}),
    FieldCase("no_range_no_low_high", "3000人", {"low": None, "high": None}),
    FieldCase("qualifier_in_span", "共有近2千所", {"raw": "近2千所", "start": 2, "end": 6}),
    FieldCase("postfix_in_span", "保持在96%以上,", {"raw": "96%以上", "start": 3, "end": 8}),
    FieldCase("ratio_unit_raw", "8.49:1", {"unit_raw": ":", "value": D("8.49")}),
    FieldCase("fraction_unit_raw", "三分之一", {"unit_raw": "分之"}),
    FieldCase("value_is_decimal", "1.3万多人", {"value": D(13000)}),
]


@pytest.mark.parametrize("case", [pytest.param(c, id=c.name) for c in FIELD_CASES])
def test_quantity_fields(case):
    (q,) = find_quantities(case.text)
    assert {k: getattr(q, k) for k in case.expect} == case.expect
    assert isinstance(q.value, (D, type(None)))


@pytest.mark.parametrize("numeral, value", [
    ("一", (1, 1)), ("十", (10, 10)), ("十五", (15, 15)), ("二十二", (22, 22)), ("一百二十", (120, 120)),
    ("两千", (2000, 2000)), ("三万五千", (35000, 35000)), ("三万五", (35000, 35000)), ("零", (0, 0)),
    ("一亿零五十万", (100500000, 100500000)), ("三万亿", (3000000000000, 3000000000000)),
    ("两三百", (200, 300)), ("十一五", None), ("二〇一八", None), ("十十", None),
])
def test_parse_chinese(numeral, value):
    assert parse_chinese(numeral) == value


def test_wrong_type_is_a_type_error():
    with pytest.raises(TypeError):
        find_quantities(b"3\xe6\x89\x80")


def test_empty_text_has_no_quantities():
    assert find_quantities("") == []


# --------------------------------------------------------------------------- seeds


@pytest.mark.parametrize("path", SEED_FILES, ids=[p.stem[:3] for p in SEED_FILES])
def test_every_seed_span_is_its_raw_text(path):
    text = clean(seed_text(path))
    found_ = find_quantities(text)
    assert found_, "every seed states figures"
    assert [q for q in found_ if text[q.start:q.end] != q.raw] == []
    assert all(a.end <= b.start for a, b in zip(found_, found_[1:])), "spans are ordered and disjoint"
    assert all(q.unit in UNITS and q.qualifier in quantities.QUALIFIERS for q in found_)


# --------------------------------------------------------------------------- data files


@pytest.mark.parametrize("name", DATA_FILES)
def test_data_file_is_valid(name):
    assert data_errors(DATA_DIR / f"{name}.yaml") == []


def test_data_file_units_are_canonical():
    units = quantities.load_data("units")
    fractions = quantities.load_data("numerals")["fraction_words"]
    assert {e["unit"] for e in units["units"].values()} | {e["unit"] for e in fractions.values()} <= set(UNITS)
    assert set(units["nouns"]) <= set(UNITS) | {"none"}


def test_data_file_errors_are_all_collected(tmp_path):
    bad = tmp_path / "units.yaml"
    bad.write_text(
        "units:\n  元: {unit: yuan}\n  元: {unit: dollars}\n  人\u200b: {unit: person, points: maybe}\n"
        "nouns: {institution: [学校, 学校], furniture: [桌]}\nunitless: {nouns: [数]}\n",
        encoding="utf-8",
    )
    errors = data_errors(bad)
    expected = ["duplicate key '元'", "U+200B", "'dollars' is not one of", "'maybe' is not of type 'boolean'",
                "duplicate item '学校'", "'furniture' is not valid", "'copulas' is a required property",
                "'ratio_words' is a required property"]
    assert [e for e in expected if not any(e in line for line in errors)] == []
    assert all(line.startswith("units.yaml: ") for line in errors)


PATTERN_STARTS = [  # (name, exclusion pattern, starts with one literal or class, not repeated: a fast scan)
    ("literal", "前[\\d]+名", True),
    ("class", "[一二][一二]*是", True),
    ("digit_escape", "\\d\\d{3}-\\d{1,2}", True),
    ("escaped_literal", "\\.\\d", True),
    ("line_start", "(?m)^[ \\t]*\\d", True),
    ("class_with_escaped_bracket", "[〔\\[][\\d]+", True),
    ("repeated_class", "[一二]+是", False),
    ("repeated_digit", "\\d{4}-\\d", False),
    ("optional_group", "(?:\\d{4})?、年", False),
    ("lookbehind_first", "(?<![目])前\\d", False),
    ("repeated_literal", "前+\\d", False),
]


@pytest.mark.parametrize("pattern, fast", [c[1:] for c in PATTERN_STARTS], ids=[c[0] for c in PATTERN_STARTS])
def test_exclusion_patterns_must_start_with_one_character(tmp_path, pattern, fast):
    data = quantities.load_data("exclusions")
    text = (DATA_DIR / "exclusions.yaml").read_text(encoding="utf-8")
    bad = tmp_path / "exclusions.yaml"
    bad.write_text(text.replace("patterns:\n", f"patterns:\n  probe: '{pattern}'\n", 1), encoding="utf-8")
    assert "probe" not in data["patterns"]
    errors = [e for e in data_errors(bad) if "patterns/probe" in e or pattern in e]
    assert (errors == []) == fast, errors


def test_a_bad_data_file_fails_at_load_time(tmp_path, monkeypatch):
    (tmp_path / "numerals.yaml").write_text("digits: {一: 11}\n", encoding="utf-8")
    monkeypatch.setattr(quantities, "DATA_DIR", tmp_path)
    quantities.load_data.cache_clear()
    try:
        with pytest.raises(DataFileError) as info:
            quantities.load_data("numerals")
        assert len(info.value.errors) > 1
    finally:
        quantities.load_data.cache_clear()


# --------------------------------------------------------------------------- numbers too long to be figures

DIGITS = "1" * 29  # one more digit than exact arithmetic holds (quantities.EXACT_DIGITS)
TOO_LONG = [  # (name, text, the raw text of each number set aside as too long, the figures kept)
    ("29_digits", f"投入{DIGITS}元,新建学校12所", [f"{DIGITS}元"], ["12所"]),
    ("magnitude_makes_it_too_long", "投入" + "1" * 25 + "亿元", ["1" * 25 + "亿元"], []),
    ("ratio", f"师生比为{'1' * 45}:1", [f"{'1' * 45}:1"], []),  # once an InvalidOperation
    ("fraction", f"百分之{'1' * 40}", [f"百分之{'1' * 40}"], []),
    ("range", f"{DIGITS}-{DIGITS}所", [f"{DIGITS}-{DIGITS}所"], []),
    # negatives: as many digits as exact arithmetic holds is a figure; what is no figure anyway is not reported
    ("28_digits_is_a_figure", "投入" + "9" * 28 + "元", [], ["9" * 28 + "元"]),
    ("a_year_like_suffix", f"{DIGITS}年", [], []),
    ("inside_a_title", f"《{DIGITS}元》", [], []),
    ("no_unit", f"编号{DIGITS}", [], []),
]


@pytest.mark.parametrize("text, too_long, kept", [c[1:] for c in TOO_LONG], ids=[c[0] for c in TOO_LONG])
def test_numbers_too_long_are_set_aside_not_raised(text, too_long, kept):
    found = find_quantities(text)
    assert [q.raw for q in found] == kept
    assert [raw for _, _, raw in found.too_long] == too_long
    assert all(text[start:end] == raw for start, end, raw in found.too_long)


def test_extract_reports_too_long_numbers_at_their_source_offsets():
    from edureports.pipeline import extract

    source = "全年投入" + "１" * 29 + "元，新建学校12所。"  # full-width digits: the clean text differs
    figures = extract(source)
    assert list(figures.raw) == ["12所"]
    ((start, end, raw),) = figures.attrs["too_long"]
    assert (start, source[start:end]) == (len("全年投入"), raw) and raw == "１" * 29 + "元"
    assert "too_long" not in extract("新建学校12所。").attrs


# --------------------------------------------------------------------------- exclusion patterns in one pass

SHARED_PASS = [  # (name, patterns, the groups of names scanned together)
    ("same_first_class", {"a": r"\d\d-", "b": r"\d年"}, [("a", "b")]),
    ("different_first", {"a": r"\d\d-", "b": "前\\d"}, [("a",), ("b",)]),
    ("top_level_alternation", {"a": r"\d\d-", "b": r"\d年|年\d"}, [("a",), ("b",)]),
    ("bar_inside_a_group_or_class", {"a": r"\d(?:年|月)", "b": r"\d[|]"}, [("a", "b")]),
    ("capturing_group", {"a": r"\d\d-", "b": r"\d(年)"}, [("a",), ("b",)]),
    ("own_flags", {"a": r"\d\d-", "b": r"(?m)^\d"}, [("a",), ("b",)]),
    ("repeated_first", {"a": r"\d\d-", "b": r"\d{4}年"}, [("a",), ("b",)]),
    ("class_inside_a_larger_class", {"a": "[一二]是", "b": "[一二三]个", "c": "[二三]位"}, [("a", "b", "c")]),
    ("class_not_inside", {"a": "[一二]是", "b": "[二三]个"}, [("a",), ("b",)]),
    ("class_with_an_escape_or_range", {"a": "[(]一", "b": r"[〔\[(]\d", "c": "[1-3]年", "d": "[12]月"}, [("a",), ("b",), ("c",), ("d",)]),
]


@pytest.mark.parametrize("patterns, groups", [c[1:] for c in SHARED_PASS], ids=[c[0] for c in SHARED_PASS])
def test_exclusion_patterns_share_a_pass_only_when_safe(patterns, groups):
    assert [names for names, _ in quantities._pattern_scans(patterns)] == groups


OVERLAPS = [  # texts where matches of the patterns sharing a pass overlap or chain
    ("iso_then_slash", "2018-1-2018/1/1"),
    ("clock_inside_a_date_run", "2018-12:30:45-1"),
    ("year_list", "2006、2007、2008年,2019-1-1、2020年"),
    ("slogans", "三个一“两个一”四个“"),
    ("dates_back_to_back", "2018.1.12019.2.2"),
    ("numeral_classes", "一是两个一二三位一体,三个“四大”十是两位一体"),
    ("numeral_runs_chained", "一二三四五是,十两个一,两两位一体"),
    ("some_of_a_pass_can_match", "2018.1.1起,2006、2007年,三个一"),
    ("one_of_a_pass_can_match", "2018.1.12019.2.2,十个“"),
]


@pytest.mark.parametrize("text", [c[1] for c in OVERLAPS], ids=[c[0] for c in OVERLAPS])
def test_one_pass_gives_each_pattern_its_own_matches(text):
    t = quantities._tables()
    own = [(m.start(), m.end(), name) for name, p in t.patterns.items() for m in p.finditer(text)]
    assert own, "each case matches some pattern"
    assert quantities._pattern_spans(text, t) == own


REQUIRED = [  # (name, pattern, the sets of characters each match reads one of)
    ("literals_classes_and_lookahead", r"\d\d{3}-\d{1,2}(?:[/.]|年)?[号位](?=[“])", [{"-"}, {"号", "位"}, {"“"}]),
    ("repeats_at_least_once_or_maybe_never", "[一二]+个?是{2}", [{"一", "二"}, {"是"}]),
    ("branches_each_needing", "(?:ab|c)d", [{"a", "c"}, {"d"}]),
    ("a_branch_needing_nothing", r"(?:a|\d)x", [{"x"}]),
    ("negative_lookarounds_and_categories", r"(?<!前)(?!年)\d\s.", []),
    ("lookbehind", "(?<=第)一", [{"第"}, {"一"}]),
]


@pytest.mark.parametrize("pattern, expected", [c[1:] for c in REQUIRED], ids=[c[0] for c in REQUIRED])
def test_required_chars_of_a_pattern(pattern, expected):
    assert quantities._required_chars(pattern) == [frozenset(e) for e in expected]


@pytest.mark.parametrize("text", [c[1] for c in OVERLAPS] + [seed_text(p) for p in SEED_FILES],
                         ids=[c[0] for c in OVERLAPS] + [p.stem[:3] for p in SEED_FILES])
def test_each_match_of_a_pattern_reads_what_it_needs(text):
    """The characters a pattern needs stand in or around each of its matches (so a text without them has none)."""
    t = quantities._tables()
    for name, pattern in t.patterns.items():
        for m in pattern.finditer(text):
            around = text[max(0, m.start() - 3): m.end() + 3]
            assert t.pattern_needs[name] <= set(around), (name, m.group())


# --------------------------------------------------------------------------- exclusion patterns scanned in regions

ALPHABETS = [  # (name, pattern, the characters it reads and whether \d is one; None: it may read anything)
    ("literals_and_digits", r"\d\d{3}-\d{1,2}", (frozenset("-"), True)),
    ("class_range_and_lookarounds", "前(?<![目此]前)[1-3一]+[名位](?=[“])", (frozenset("前目此123一名位“"), False)),
    ("line_start_multiline", r"(?m)^[ \t]*[(]?\d+[)、]", (frozenset(" \t()、"), True)),
    ("groups_and_branches", r"\d(?:、(?:\d{4}|\d{2}[*xX]+)?)+年", (frozenset("、*xX年"), True)),
    ("any_character", r"\d.年", None),
    ("negated_class", r"\d[^年]", None),
    ("negated_literal_lookahead", r"\d(?![^年])", None),
    ("word_boundary", r"\d+\b", None),
    ("end_anchor", r"\d+$", None),
    ("start_without_multiline", r"^\d+", None),
    ("other_category", r"\d\s年", None),
    ("own_flags", r"(?i:x)\d", None),
    ("backreference", r"(\d)\1", None),
    ("matches_nothing", r"\d*", None),
]


@pytest.mark.parametrize("pattern, expected", [c[1:] for c in ALPHABETS], ids=[c[0] for c in ALPHABETS])
def test_local_alphabet_is_what_a_pattern_can_read(pattern, expected):
    assert quantities._local_alphabet(pattern) == expected


REGION_TEXTS = [  # (name, text): matches and lookarounds at the edges of regions
    ("line_markers", "1.共3所\n 2、新建5所,3.6所\n(4)7所"),
    ("rank_lookbehind", "目前5名,前5名,此前3位,提前2名"),
    ("dates_and_lists", "2018-1-2开始3所,2006、2007、2008年5所,2019.1.12所,12:30:45有3人"),
    ("document_numbers", "〔2018〕12号文3所,[2019]5号,【2020】3号6所"),
    ("slogans", "三个“一”,两个一工程5所,四位一体3人,一是3所,二是5人"),
    ("year_list_tail", "、2008年3所,、、年2人"),
    ("words_at_region_edges", "统一3所,进一步统一2人,一一5所,十一五期间3所,十三五5人,三番五次3所,一些3人,数十3所"),
]


def _region_cases():
    texts = [(c[0], clean(c[1])) for c in REGION_TEXTS]
    texts += [(p.stem[:3], seed_text(p)) for p in SEED_FILES]
    texts += [(p.stem[:3], clean(p.read_text(encoding="utf-8"))) for p in sorted((ROOT / "data" / "heldout").glob("*.txt"))]
    return texts


ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("text", [c[1] for c in _region_cases()], ids=[c[0] for c in _region_cases()])
def test_region_scan_gives_what_the_whole_text_gives(text):
    """The definition: each pattern's finditer over the whole text; scanning the regions around some
    spans gives exactly the matches inside the regions, and those are all that touch a span."""
    t = quantities._tables()
    assert t.local_scans and t.local_run, "the exclusion patterns are scanned in regions"
    whole = [(m.start(), m.end(), name) for name, p in t.patterns.items() for m in p.finditer(text)]
    readings = [(r.start, r.end) for r in quantities._scan(text, t)]
    span_sets = [readings] + [[(i, i + 1)] for i in range(0, len(text), max(1, len(text) // 300))]
    words = [(m.start(), m.end(), f"word {m.group()}") for m in quantities.words_pattern(t.exclusions["words"]).finditer(text)]
    for spans in span_sets:
        regions = quantities._regions(text, spans, t)
        inside = [s for s in whole if any(a <= s[0] and s[1] <= b for a, b in regions)]
        assert quantities._pattern_spans(text, t, regions) == inside
        words_inside = [s for s in words if any(a <= s[0] and s[1] <= b for a, b in regions)]
        assert quantities._word_spans(text, t, quantities._Local(text, regions)) == words_inside
        touching = [s for s in whole + words if any(s[0] < e and st < s[1] for st, e in spans)]
        assert set(touching) <= set(inside + words_inside)


def _plain_regions(text, spans, t):
    """The definition of the regions: each span widened over the local characters both ways, then the
    widened spans, sorted, merged where they touch or overlap."""
    local = lambda ch: ch in t.local_chars or t.local_digits and ch.isdecimal()
    widened = []
    for start, end in sorted(spans):
        while start and local(text[start - 1]):
            start -= 1
        while end < len(text) and local(text[end]):
            end += 1
        widened.append((start, end))
    merged = []
    for start, end in widened:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


@pytest.mark.parametrize("text", [c[1] for c in _region_cases()], ids=[c[0] for c in _region_cases()])
def test_regions_are_the_spans_widened_and_merged(text):
    """_regions skips widening a span inside the last region: the same regions as widening every span,
    for the readings' spans, spans inside and touching others, at the text's ends, every character."""
    t = quantities._tables()
    readings = [(r.start, r.end) for r in quantities._scan(text, t)]
    span_sets = [readings, readings[::2] + readings[1::3], [(0, 1), (len(text) - 1, len(text))],
                 [(i, min(i + 3, len(text))) for i in range(0, len(text), 2)],
                 [(i, i + 1) for i in range(0, len(text), max(1, len(text) // 300))]]
    for spans in span_sets:
        assert quantities._regions(text, spans, t) == _plain_regions(text, spans, t)


METADATA_TEXTS = [  # (name, text): keys inside keys, spaces and line ends before the colon, fields in fields
    ("nested_keys", "上传时间:2020,时间:3,发布日期 : 5"),
    ("newline_and_wide_space_before_colon", "来源\n:教育局\n日期\u3000\u3000:2020年"),
    ("colon_inside_a_value", "来源:日期:2020;编号:12"),
    ("sentence_end_then_key", "来源:a。日期:b\n大小::3"),
    ("no_key_before_colon", "说明:无,:来源:x,的来源:y"),
    ("value_ends_where_a_key_would", "来源:\n:x,格式\n\n:pdf"),
    ("key_at_the_end", "字数"),
]


@pytest.mark.parametrize("text", [c[1] for c in METADATA_TEXTS] + [c[1] for c in _region_cases()],
                         ids=[c[0] for c in METADATA_TEXTS] + [c[0] for c in _region_cases()])
def test_metadata_from_the_colons_is_what_the_pattern_finds(text):
    t = quantities._tables()
    assert quantities._metadata_spans(text, t) == [m.span() for m in t.metadata_re.finditer(text)]


def test_metadata_cases_find_fields():
    t = quantities._tables()
    assert all(quantities._metadata_spans(text, t) for _, text in METADATA_TEXTS[:-1])


# --------------------------------------------------------------------------- where the scan tries the core pattern


def _readings_trying_every_numeral(text):
    """The definition: the core pattern tried at every digit, ``*`` and Chinese numeral character,
    each candidate read by :func:`_plain_read`."""
    t = quantities._tables()
    numerals = quantities.load_data("numerals")
    chars = {*numerals["digits"], *numerals["small_magnitudes"], *numerals["big_magnitudes"],
             *(w[0] for w in numerals["fraction_words"])}
    starts = __import__("re").compile(r"[\d*" + "".join(sorted(chars)) + "]")
    readings, pos = [], 0
    while start := starts.search(text, pos):
        match = t.core.match(text, start.start())
        if not match or quantities._bare_word_numeral(text, match, t):
            pos = match.end() if match else start.end()
            continue
        readings.append(_plain_read(text, match, t))
        pos = max(readings[-1].end, match.end())
    return readings


NUMBER_KINDS = ("arabic", "chinese", "masked")


def _plain_read(text, m, t, allow_range=True):
    """The definition of reading a candidate from its match of the core pattern (no tail in it): each
    part of what follows looked for by its own pattern, where the reading has come to."""
    Q_ = quantities
    if m.lastgroup == "ratio":
        r = Q_._read_ratio(text, m, t)
    elif m.lastgroup == "frac":
        r = Q_._read_fraction(m, t)
    else:
        r = Q_._read_number(m, t)
        Q_._read_sign(text, r)
        _plain_tail(text, r, t, allow_range)
    if r.unit is not None:
        post = t.postfix_re.match(text, r.end)
        if post:
            r.qualifier = t.qualifiers["postfix"][post.group()]["qualifier"] if r.qualifier == "exact" else r.qualifier
            r.end = post.end()
    Q_._read_prefix(text, r, t)
    return r


def _plain_tail(text, r, t, allow_range):
    """What follows a numeral: ``t.tail_re`` at its end (the unit wins over a magnitude starting it, 3千米), then a range."""
    m = t.tail_re.match(text, r.end)
    quantities._qualify(r, m["i1"], t)
    word, pos = m["word"], (m.start("word") if m["word"] else m.end())
    if m["mag"]:
        after = m.start("mag")
        if quantities._unit_at(text, after, t):
            word, pos = t.word_re.match(text, after).group(), after
        else:
            r.mag, r.mag_raw = t.mag_values[m["mag"]], m["mag"]
            quantities._qualify(r, m["i2"], t)
    r.bare = pos == r.end and r.mag_raw == ""
    r.end = pos
    if word in t.suffixes:
        quantities._read_suffix(text, pos, r, t, word)
        return
    quantities._read_unit(text, r, t, word)
    sep = t.range_seps.match(text, r.end)
    if not allow_range or r.reason is not None or not sep or any(w in text[max(0, r.start - 8): r.start] for w in t.range_not_after):
        return
    other = t.core.match(text, sep.end())
    if other and other.lastgroup in NUMBER_KINDS:
        high = _plain_read(text, other, t, allow_range=False)
        if not (high.low is None and high.kind != "masked" or (r.unit and high.unit != r.unit)):
            quantities._merge_range(r, high)


SCAN_TEXTS = [  # (name, text): lone numerals in words, before a tail, a list mark, a fraction, at the end
    ("words_and_counts", "进一步统一、新建三所,一些学校,十所,两千五百人,第一"),
    ("fractions", "三分之一,百分之五,千分之三,万分之二,百分点"),
    ("markers_and_years", "一是,(二)三是,二〇一八年,一二三四"),
    ("magnitudes_alone", "百千万亿,千万,万一,十"),
    ("before_digits_and_marks", "三5所,四,五.六:七*八x"),
    ("ends_with_a_numeral", "共计九"),
    ("masked_digits", "投入1459*万元,12**所,*3人,3x12a,编号A12*3,2xx所"),
    ("chinese_numerals_and_magnitudes", "两千人,近2千所学校,三四十人,两千五,十余所,一百零五名,三万五千元"),
    ("ranges", "3-5所,3至5所,3万-5万元,3%-5%,由44.1%到54%,3-5人以上,5~8岁,二至三所,3-"),
    ("percentages_and_points", "增长96%以上,提高3.5个百分点,5百分点,百分之五,85.5%左右"),
    ("negatives", "减少300人,同比增长-5%,负增长 -2.5%,2020-01-23,a-3人,3--5人"),
    ("long_digit_runs", "投入" + "1" * 29 + "元,12,345.6万元,1,2345人,1234567890123人"),
    ("units_not_allowed_and_noun_units", "3元旦,5人民,基层党组织468个,3个新建项目,9个学校,2个方面"),
    ("magnitudes_and_units", "3千米,500余万元,80多名,20来人,3万余人,2亿多元,5千万元"),
    ("suffixes_and_scores", "2018年,3月5日,平均分为486.5分,600分以上,提高11.2分,3岁,九中"),
    ("lists_and_postfixes", "3、5、7所,3000人左右,一、二年级,2006、2007年,100人及以上"),
]


DECIDED_TEXTS = [  # (name, text): numbers a suffix rules out, alone, listed, in ranges, after signs and prefix words
    ("dates", "2020年3月5日召开,2020年3月,3月份,二〇二〇年,三月五日,20*年,20xx年,2020年度"),
    ("year_lists", "2019、2020年,2019、2020、2021年3所,人数为3、2020年,人数为3、2019-2020年,3、5、7年,学校3、5所"),
    ("ranges_into_years", "2019-2020年,2019年-2020年,3-5年,3至5岁,3-5所,三至五年,5~8岁,近3-5年"),
    ("signs_and_prefixes", "人数为3、-2020年,近3年,约2020年,人数为3、约5年,超过10年,第3年,每3年,3--5年"),
    ("infix_and_magnitude_first", "10余年,20多年,3千年,5万年,3千米,十余年,百年,千年"),
    ("scores_and_longer_words", "平均分为486.5分,60分以上,提高11.2分,8时30分,3分钟,5小时,3号线,2季度,三年级,九中"),
    ("chinese_numerals", "三年,两年,十年,一年来,两千五百人,三四十年,十一五期间3所,一是3所"),
    ("masked_digits", "1459*万元,12**所,2019、20**年,**年,3x年,20xx年3月"),
]


def _decided_left_out(text, r, t):
    """The definition of a reading the scan leaves out: one a suffix word written right after the
    number rules out (the score suffix aside), with no list mark, minus sign or prefix word before it
    (the last reading a later step looks at: :func:`_inherit_list_units` reads where the readings after
    a 、 start, and nothing else of a reading with a reason)."""
    score = t.scores["suffix"]
    if not (r.reason or "").startswith("followed by ") or r.reason == f"followed by {score}" or not r.bare:
        return False
    number_start = r.end - len(r.core)  # before any sign or prefix word read with it
    return not number_start or text[number_start - 1] not in ("、", *quantities.MINUS_SIGNS, *t.prefix_ends.by_last)


def _decided_view(r):
    """What later steps read of a reading with a reason: where it is, what it is, why it is no figure."""
    return (r.start, r.end, r.kind, r.core, r.reason, r.bare) if r.reason else r


@pytest.mark.parametrize("text", [c[1] for c in SCAN_TEXTS + DECIDED_TEXTS] + [seed_text(p) for p in SEED_FILES],
                         ids=[c[0] for c in SCAN_TEXTS + DECIDED_TEXTS] + [p.stem[:3] for p in SEED_FILES])
def test_scan_reads_what_trying_every_numeral_reads(text):
    """The scan gives the plain readings less the decided ones no later step reads; of a number a suffix
    decides it reads only what later steps read (the rest is left unread)."""
    text, t = clean(text), quantities._tables()
    plain = [r for r in _readings_trying_every_numeral(text) if not _decided_left_out(text, r, t)]
    assert list(map(_decided_view, quantities._scan(text, t))) == list(map(_decided_view, plain))


def _fields(found):
    return [tuple(vars(q).values()) for q in found], found.too_long


@pytest.mark.parametrize("text", [c[1] for c in SCAN_TEXTS + DECIDED_TEXTS] + [seed_text(p) for p in SEED_FILES],
                         ids=[c[0] for c in SCAN_TEXTS + DECIDED_TEXTS] + [p.stem[:3] for p in SEED_FILES])
def test_quantities_are_those_of_the_plain_readings(text, monkeypatch):
    """find_quantities gives what it gives from every candidate read in full (the plain definition)."""
    text = clean(text)
    found = find_quantities(text)
    monkeypatch.setattr(quantities, "_scan", lambda text, t: iter(_readings_trying_every_numeral(text)))
    assert _fields(found) == _fields(find_quantities(text))


GUARD_TEXTS = [  # (name, text): runs the guard reads before ratios, fractions and masked digits, and where it stops
    ("ratios", "8.49:1,1,234.5:1,12:30,3∶2,a3:1,3.:1,1:,:2"),
    ("fractions", "三分之一,百分之五,5分之2,12,5分之3,二十分之一,百分点,3分钟,5分,千分之,分之一"),
    ("masked_digits", "1459*万元,12**所,*3人,3x12a,2xx所,x3,12X,A12*3,**,3*"),
    ("mixed_runs", "3一:2,五.六:七*八x,1,2,3分,十,百分之,万分之二,3万分之1,二〇x"),
]


def _plain_patterns():
    """The core and full patterns without the guard in front of the ratio, fraction and masked alternatives."""
    data = {n: quantities.load_data(n) for n in ("numerals", "units", "qualifiers", "exclusions")}
    words = [*data["units"]["units"], *data["exclusions"]["suffixes"]]
    core = quantities._core_pattern(data["numerals"], guarded=False)
    full = quantities._full_pattern(data["numerals"], data["qualifiers"], words, quantities._tables().tail_starts, guarded=False)
    return core, full


@pytest.mark.parametrize("text", [c[1] for c in GUARD_TEXTS + SCAN_TEXTS] + [seed_text(p) for p in SEED_FILES],
                         ids=[c[0] for c in GUARD_TEXTS + SCAN_TEXTS] + [p.stem[:3] for p in SEED_FILES])
def test_guarded_patterns_match_as_the_plain_ones(text):
    """The guard (one lookahead each of the ratio, fraction and masked alternatives implies) changes no
    match: at every position the kind, span and every group are the plain pattern's."""
    t, (core, full) = quantities._tables(), _plain_patterns()
    assert (t.core.pattern, t.full.pattern) != (core.pattern, full.pattern)
    view = lambda m: m and (m.lastgroup, m.span(), m.groups())
    for guarded, plain in ((t.core, core), (t.full, full)):
        assert [view(guarded.match(text, i)) for i in range(len(text))] == [view(plain.match(text, i)) for i in range(len(text))]


START_TEXTS = [  # (name, text): digits of other scripts and planes, characters beyond the plane, numerals before tails
    ("other_scripts_digits", "٣所,३人,৫元,３所,߂个,꘥名"),
    ("beyond_the_plane", "𝟑所,𝟘,𑁦人,𠀀所,😀人,𠀀、,𝟑𝟒%,a𝟓"),
    ("numerals_and_marks", "进一步,统一、新建三所,二〇一八,3x,*3,三分之一,十余所,两千"),
]


@pytest.mark.parametrize("text", [c[1] for c in START_TEXTS + SCAN_TEXTS] + [seed_text(p) for p in SEED_FILES],
                         ids=[c[0] for c in START_TEXTS + SCAN_TEXTS] + [p.stem[:3] for p in SEED_FILES])
def test_start_pattern_finds_what_the_plain_class_finds(text):
    """The start pattern (digits of the plane listed, every character beyond it taken, then the
    condition) finds what its plain definition finds: a digit (\\d) or *, or a Chinese numeral before
    a character that continues it, starts a tail or lists it."""
    t, numerals = quantities._tables(), quantities.load_data("numerals")
    chars = "".join(sorted({*numerals["digits"], *numerals["small_magnitudes"], *numerals["big_magnitudes"],
                            *(w[0] for w in numerals["fraction_words"])}))
    after = "".join(sorted({*chars, *t.tail_starts, "、"}))
    esc = __import__("re").escape
    plain = __import__("re").compile(rf"[\d*]|[{esc(chars)}](?=[{esc(after)}])")
    assert [m.span() for m in t.core_start.finditer(text)] == [m.span() for m in plain.finditer(text)]


def test_plane_digits_are_what_backslash_d_matches():
    import re
    assert quantities._plane_digits() == {ch for ch in map(chr, range(0x10000)) if re.fullmatch(r"\d", ch)}


def _plain_noun_unit(text, pos, start, nouns):
    """The definition: the unit of the noun ending last in the run of Han characters (at most 16) after
    ``pos`` (the first in the file's order where several end there; None after a "none" noun), or when
    nothing follows, of the noun the run before ``start`` ends with; else count."""
    import re
    window = re.match(r"[\u4e00-\u9fff]{0,16}", text[pos: pos + 16]).group()
    if any(window.startswith(noun) for noun in nouns.get("none", ())):
        return None
    if not window:
        before = re.search(r"[\u4e00-\u9fff]{0,16}$", text[max(0, start - 16): start]).group()
        return next((unit for unit, words in nouns.items() if unit != "none" and any(before.endswith(w) for w in words)), "count")
    ends = [(window.rfind(noun) + len(noun), -i, unit) for i, (unit, noun) in
            enumerate((unit, noun) for unit, words in nouns.items() if unit != "none" for noun in words) if noun in window]
    return max(ends)[2] if ends else "count"


NOUN_TEXTS = [  # (name, text): nouns ending at one place across units, overlapping, none nouns, runs longer than 16
    ("units_ending_together", "3个项目学校,9个学校项目,5个中小学校,2个大学中心,4个工程机构"),
    ("none_nouns_and_empty_windows", "2个月,3个方面,项目42个;学校5个,基层党组织468个,单位3个 ,中心"),
    ("long_runs", "6个" + "新建改建扩建维修加固" * 3 + "学校"),
]


@pytest.mark.parametrize("text", [c[1] for c in NOUN_TEXTS] + [seed_text(p) for p in SEED_FILES[:2]],
                         ids=[c[0] for c in NOUN_TEXTS] + [p.stem[:3] for p in SEED_FILES[:2]])
def test_noun_unit_is_the_noun_ending_last(text):
    """At every place, the reversed-noun search gives the unit the plain definition gives."""
    t, nouns = quantities._tables(), quantities.load_data("units")["nouns"]
    for pos in range(len(text) + 1):
        for start in (pos, max(0, pos - 3)):
            assert quantities._noun_unit(text, pos, t, start) == _plain_noun_unit(text, pos, start, nouns), (pos, start)


def _two_step_search(text, pos, t):
    """The definition of ``t.scan.search``: the first place from ``pos`` where ``t.core_start`` matches
    and ``t.full`` matches, found by trying the full pattern at each place the start pattern finds."""
    while start := t.core_start.search(text, pos):
        if match := t.full.match(text, start.start()):
            return match
        pos = start.end()
    return None


@pytest.mark.parametrize("text", [c[1] for c in GUARD_TEXTS + SCAN_TEXTS + DECIDED_TEXTS] + [seed_text(p) for p in SEED_FILES[:2]],
                         ids=[c[0] for c in GUARD_TEXTS + SCAN_TEXTS + DECIDED_TEXTS] + [p.stem[:3] for p in SEED_FILES[:2]])
def test_one_search_finds_what_start_then_full_finds(text):
    """From every place, the scan's one search finds the number (group ``lastindex``), kind and groups
    that the start pattern then the full pattern find."""
    t = quantities._tables()
    view = lambda m: m and (m.lastgroup, m.span(m.lastindex), m.groups())
    assert [view(t.scan.search(text, i)) for i in range(len(text))] == [view(_two_step_search(text, i, t)) for i in range(len(text))]


def test_decided_cases_hold_numbers_left_out_and_kept():
    """The decided cases exercise both: numbers the scan leaves out and numbers it keeps (listed, signed, prefixed)."""
    t = quantities._tables()
    readings = [(text, r) for _, raw in DECIDED_TEXTS for text in [clean(raw)] for r in _readings_trying_every_numeral(text)]
    decided = [(text, r) for text, r in readings if (r.reason or "").startswith("followed by ") and r.bare]
    assert any(_decided_left_out(text, r, t) for text, r in decided)
    assert sum(not _decided_left_out(text, r, t) for text, r in decided) >= 5


def test_quantities_are_built_as_the_dataclass_builds_them():
    """_to_quantity fills the instance dict at once: each is what Quantity(...) builds from its fields."""
    import dataclasses

    names = [f.name for f in dataclasses.fields(quantities.Quantity)]
    found = [q for p in SEED_FILES for q in find_quantities(seed_text(p))] + find_quantities("3-5所,近2千所,1459*万元,减少300人")
    assert len(found) > 100
    for q in found:
        plain = quantities.Quantity(*(getattr(q, n) for n in names))
        assert list(vars(q)) == names and q == plain and hash(q) == hash(plain) and repr(q) == repr(plain)
    with pytest.raises(dataclasses.FrozenInstanceError):
        found[0].value = 1


ALTERNATION_WORDS = [  # (name, words): a word that starts longer ones, words sharing a first character, specials
    ("prefix_words", ["人", "人次", "人民", "个", "个百分点", "百分点", "百"]),
    ("one_character_words_only", ["元", "所", "%", "-"]),
    ("regex_specials", [".", "(", "[x]", "a|b", "a", "*"]),
    ("single_word", ["以上"]),
    ("empty_word", ["", "以上", "以"]),
]


def _alternation_cases():
    data = {n: quantities.load_data(n) for n in ("units", "qualifiers", "numerals", "exclusions")}
    vocabularies = [(c[0], c[1]) for c in ALTERNATION_WORDS] + [
        ("units_and_suffixes", [*data["units"]["units"], *data["exclusions"]["suffixes"]]),
        ("infixes", list(data["qualifiers"]["infix"])), ("postfixes", list(data["qualifiers"]["postfix"])),
        ("magnitudes", list(data["numerals"]["suffix_magnitudes"])), ("range_separators", data["numerals"]["range_separators"]),
        ("exclusion_words", data["exclusions"]["words"])]
    return vocabularies


@pytest.mark.parametrize("words", [c[1] for c in _alternation_cases()], ids=[c[0] for c in _alternation_cases()])
def test_alternation_by_first_character_matches_what_words_pattern_matches(words):
    import re

    grouped, plain = re.compile(quantities._alternation(words)), quantities.words_pattern(words)
    texts = ["人次人民人个百分点百分百元所%-.([x]a|ba*以上以", "".join(words), "".join(reversed(words))]
    texts += [seed_text(p)[:3000] for p in SEED_FILES[:2]]
    matched = 0
    for text in texts:
        for i in range(len(text) + 1):
            a, b = grouped.match(text, i), plain.match(text, i)
            assert (a and a.group()) == (b and b.group()), (text[i: i + 6], a, b)
            matched += a is not None
    assert matched


def test_region_widening_reads_digits_as_the_pattern_does():
    """_regions steps over local_chars and str.isdecimal() characters: what t.local_run matches."""
    t = quantities._tables()
    text = "a٣3١ 2、x二三年\u0660𝟘 b"  # Arabic-Indic and mathematical digits are \\d too
    assert t.local_digits and all(c.isdecimal() == bool(__import__("re").fullmatch(r"\d", c)) for c in text)
    for i in range(len(text) + 1):
        (start, end), = quantities._regions(text, [(i, i)], t)
        assert end == t.local_run.match(text, i).end()
        assert start == len(text) - t.local_run.match(text[::-1], len(text) - i).end()
