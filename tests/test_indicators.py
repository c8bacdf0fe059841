"""Indicators stage: named cases (seed phrasing and typical report phrasing), the vocabulary file.

Seed cases use the measure and sentence the figures stage gives for a figure of a seed report,
in simplified characters (seeds 000 and 002 are traditional: written here through
``opencc.OpenCC('t2s')``). Close pairs (tier 1 vs tier 2, admits vs rate, recruited vs trained,
budget vs construction) sit next to each other.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import opencc
import pytest
import yaml

from edureports import indicators
from edureports.errors import DataFileError
from edureports.indicators import (
    CATEGORIES,
    DEFAULT_PATH,
    ID_PREFIX,
    UNITS,
    Assignment,
    assign,
    load_indicators,
    load_vocabulary,
)

_T2S = opencc.OpenCC("t2s")


def s(text: str) -> str:
    """Simplified form of seed text (000 and 002 are traditional)."""
    return _T2S.convert(text)


@dataclass(frozen=True)
class Case:
    name: str
    measure: str
    sentence: str
    unit: str
    expect_indicator: str
    expect_category: str
    role: str = "level"


def params(*groups, xfail=()):
    marks = {name: pytest.mark.xfail(strict=True, reason=why) for name, why in xfail}
    return [pytest.param(c, id=c.name, marks=marks.get(c.name, ())) for g in groups for c in g]


# --------------------------------------------------------------------------- seed sentences

S000_STAFF = s("局機關和教輔單位原有人員98人,經過本次清理整頓,保留70人,共精減28人,有效提高了教育的管理服務效能。")
S000_BUILD = s("累計投入2254萬元,完成7所中小學旱廁改造、3所中學學生浴池改造、7所幼兒園人造草坪鋪設、包46中足球館、"
               "麻池綜合樓等21所學校幼兒園新建、改建項目。")
S000_TEACHERS = s("經過綜合考評,我區又有14名教師獲得市級學科帶頭人稱號,17名教師獲得市級教學能手稱號,"
                  "完成校長、教師培訓1800餘人次;")
S000_GAOKAO = s("2018年,我區普文普理重點大學(本一)上線人數達251人(其中普文81人,普理170人),一本上線率達40.6%,"
                "普通理科600分以上人數2人,保持全市提升率第一水平;")
S000_ZHONGKAO = s("在2018年試題難度增大的情況下,今年中考再創佳績:全市一批次普通高中區內、外分招(360分)上線人數為709人,"
                  "所佔全區比例為57.6%,較去年44.1%,提升13.5%。")
S000_CANTEEN = s("2018年我區24家學校食堂現有17家學校食堂量化等級達到a級佔比71%,其餘都為b級,學校食堂達標率100%。")
S000_GUARDS = s("今年我區通過公開招標投入145萬元,為全區中小學幼兒園聘用51名專業保安,為師生安全保駕護航。")
S000_NPC = s("2018年,市、區兩級人大進一步加強了對我區教育工作的視察和專項檢查指導工作力度,先後4次對我區民族教育發展、"
             "高中教育改革、師資隊伍建設、學前教育發展等情況進行了視察調研,我局分別就以上工作推進情況進行了詳盡的答復與匯報。")
S001_FEES = "今年春季开学时,已免除全市义务教育阶段公办学校学生学杂费5775.1万元,惠及学生57.9万人,完成指标数的100%。"
S001_BOARD = ("同时,对全市1459*名义务教育阶段贫困家庭学生免费提供了教科书,并对全市41320名贫困寄宿学生补助生活费"
              "1239.6万元,全面完成指标任务。")
S001_INTAKE = "全市中职学校春季招生4468人,比上年春季招生增加了1565人,同比增长54%,为完成20*年中职招生任务打下了坚实的基础。"
S001_GRANTS = ("今年以来,我市利用中央财政和省财政安排的中等职业教育国家助学金,累计发放国家助学金362.7万元,"
               "帮助了3627名中职贫困家庭学生完成学业。")
S001_KG = "对全市民办幼儿教育机构的基本情况进行了调查统计,全市目前有民办幼儿教育机构851所,在园幼儿74877人,幼儿教师3679人。"
S001_KG_TRAIN = "举办了第一期全市民办幼儿骨干教师培训班,全市有80多名幼儿教师骨干参加了培训。"
S001_HEADS = "组织开展了20*年初中校长岗位培训,共有169名校长参训,涉及初级中学132所,聘请了36位教育专家、教授为学员授课。"
S001_CONTEST = ("举办了*市第二届中小学英语口语大赛,来自全市的84个代表队,共252名中小学生参加了比赛,共评选出个人一等奖15个,"
                "二等奖26个,三等奖41个,团体总分奖48个;")
S001_TOILETS = "共改造旱厕项目学校13所,其中新建厕所学校8所,建设面积987.7平方米,改造厕所学校5所,改造面积559平方米,共投资160.8万元。"
S001_DESKS = "其中采购课桌凳41万套,资金达2650万元;"
S001_LAB = "其中实验仪器配备新增投入43.28万元,图书资料新增投入274.39万元,音体美器材配备新增投入7.36万元,计算机及其他设备投入97万元。"
S001_ARTS = "20*年,我市高考文史类二本以上上线人数1567人,上线率为9.3%;"
S001_ALL = "文理共计上线人数5942人,上线率为16%,列全省第四位。"
S001_FEE_CASES = "今年上半年,我市共查处乱收费案件12件,退款39.48万元,1人受处分。"
S001_ACCIDENT = "特别是6月21日凌晨,峡江县戈坪乡芳洲小学发生一起学生点蚊香燃烧被子后被烟雾窒息事故,2名女学生死亡,4名学生受重伤。"
S001_MONITORS = "此外,我市还加大了对中小学义务收费监督员队伍建设,对20**年聘请的539名全市中小学义务收费监督员进行了续聘,并对其进行了培训。"
S002_RATES = s("至年底,全市3歲及以上兒童入園率為108.88%,學齡兒童入學率為100%,小學畢業生升學率為99.76%,"
               "初中畢業生升學率為91.26%,普通高中畢業生升學率為82.06%,與建設現代化國際大都市相適應的教育發展格局逐步形成。")
S002_BUDGET = s("2006、、年,全市財政預算內教育經費投入為86.72億元、101.89億元、123.92億元,分別佔財政年度支出總額的"
                "20.02%、20.10%、21.04%;")
S002_CITY = s("市本級財政對教育的投入分別為31.08億元、32.89億元、38.12億元,分別佔財政年度一般預算支出的21.0%、19.4%、19.6%,"
              "確保教育經費做到“兩個提高”、“三個增長”。")
S002_MERGE = s("“創強”期間,全市通過實施中小學佈局調整,共撤併辦學規模小、辦學效益較低的中小學校602所,新增用地面積570.7萬平方米,"
               "新增建築面積236.9萬平方米,學校面貌煥然一新。")
S002_STD = s("南沙區、天河區、番禺區以高投入、高效率、高質量,傾力推動規範化學校建設,規範化學校所佔比例分別為88.2%、84.85%、"
             "82.81%,全市規範化學校覆蓋率為70.05%。")
S002_MODEL = s("目前全市有示範性普通高中25所,連同已通過初期督導驗收和正在創建的11所學校,其學位數佔全市普通高中學位總數的47.75%。")
S002_VOC = s("兩年來,我市普通高中與中職學校的招生比例保持在5.4:4.6,中職學校堅持以就業為導向、以技能為核心、以特色謀發展,"
             "創新辦學模式,加強校企合作,不斷提高技能型人才的培養水平,其畢業生的初次就業(含升學)率保持在96%以上。")
S002_MIGRANT = s("同年,我市在建築工地創建農民工業餘學校近2千所,共培訓農民工20萬人次。")
S002_TALENT = s("目前,全市有省級基礎教育名校長、名教師33人,省特級教師178人,具有高級職稱教師5172人,"
                "省基礎教育系統“百千萬”人才工程培養對象102人,教師隊伍的核心競爭力在全省處於領先地位。")
S002_SUBST = s("目前,我市已有1041名代課教師通過“代轉公”考試轉為公辦教師,另有80名代課教師通過正常公開招聘考試轉為公辦教師。")
S002_IT = s("至年底,全市中小學校的電腦生機比為8.49:1,師機比為1.03:1,多媒體教學平台進課室比例為86%。")
S002_FIBRE = s("今年上半年,我市建成了全國基礎教育規模最大的光纖城域網,光纖總長度近15000公里,覆蓋了城鄉各級各類學校。")
S003_FAMILY = "成立家长学校21所,留守流动儿童之家4个,充分发挥其作用,加强对留守儿童的帮扶、引导和教育工作。"
S004_BUILD = ("一是御龙湾小学、碧桂园太阳城小学低年级部校区、金福园小学教学综合楼等3个新建项目将于12月底全面完成,"
              "新增学位学位2700个,区级投入达2000万元;")
S004_KG = "二是全区有幼儿园76所,公办和普惠性民办幼儿园共65所,公办和普惠性民办幼儿园比例达85.5%,规范化幼儿园比例达85.5%。"
S004_PARTY = "全区教育系统38个党组织(含“两新”组织)、982名党员全覆盖参与,做到规定动作到位,自选动作创特色。"
S004_FUNDS = "将联盟体发展经费列入经费预算,一年以来下拨专项经费100余万元支持7个联盟体开展形式多样的活动。"
S004_AFTER = "率先在全市各县(市、区)先行先试,创新校内课后服务内容和方式,于10月初在9所学校成功试点开展校内课后服务,受益学生达3000人。"
S004_RECRUIT = "公开招聘选聘教师90人(中小学教师81人、幼儿园教师9人)。"
S004_TRAIN = "今年起连续三年投入约900万元,与韶关学院省级中小学教师发展中心合作开展一系列培训项目,对校长、骨干教师、后备干部、新教师进行有针对性的培训。"
S004_NAMED = "今年有4人被评为韶关市第三批基础教育名校长,2人被评为名教师,一批教师在省市教学竞赛中荣获佳绩。"
S004_EVENTS = "广泛开展践行社会主义核心价值观实践活动,大力推进戏曲进校园活动,邀请韶关市曲艺家协会进校园表演29场次,开展宪法大课堂活动310场次,积极开展禁毒宣讲活动。"
S004_RESEARCH = "省级规划课题立项1项,34项市级课题顺利结题,通过率100%,居全市前列。"
S004_IT = "全年投入1000余万元提高学校信息化装备水平,建设信息化中心校2所(省市各1所),不断提高网络与信息安全防护能力和保障水平。"
S004_VOLUNTEERS = "组建了一支4800人的由教师、行政、保安、学生家长等多方力量构成的“红袖章”平安志愿者队伍,形成了群防群治网络。"
S004_AID = "2019年春季和秋季,发放2019年度我区户籍建档立卡学生667人次,高中免学费146人次,共发放生活费和免学费116.575万元。"
S004_TARGET = "一是教育资源优化项目工程:通过新建一批、改建一批、接收一批幼儿园,逐年增加公办幼儿园学位供给,力争公办园和普惠性民办园占比达80%的任务目标。"

SEED_FUNDING = [
    Case("seed000_construction_investment", "投入", S000_BUILD, "yuan", "funding.construction", "funding"),
    Case("seed000_safety_investment", "公开招标投入", S000_GUARDS, "yuan", "funding.safety", "funding"),
    Case("seed001_fee_waivers", "学杂费", S001_FEES, "yuan", "funding.fee_waivers", "funding"),
    Case("seed001_toilet_investment", "投资", S001_TOILETS, "yuan", "funding.construction", "funding"),
    Case("seed001_desks_funds", "资金", S001_DESKS, "yuan", "funding.equipment", "funding"),
    Case("seed001_lab_equipment", "投入", S001_LAB, "yuan", "funding.equipment", "funding", "delta"),
    Case("seed002_budget_total", "财政预算内教育经费投入", S002_BUDGET, "yuan", "funding.budget_total", "funding"),
    Case("seed002_city_budget_investment", "投入", S002_CITY, "yuan", "funding.budget_total", "funding"),
    Case("seed002_budget_share", "财政年度一般预算支出", S002_CITY, "percent", "funding.budget_share", "funding"),
    Case("seed002_budget_share_total", "财政年度支出总额", S002_BUDGET, "percent", "funding.budget_share", "funding"),
    Case("seed004_district_construction", "区级投入", S004_BUILD, "yuan", "funding.construction", "funding"),
    Case("seed004_special_funds", "专项经费", S004_FUNDS, "yuan", "funding.special", "funding"),
    Case("seed004_training_funds", "起连续三年投入", S004_TRAIN, "yuan", "funding.training", "funding"),
    Case("seed004_it_investment", "投入", S004_IT, "yuan", "funding.it", "funding"),
]

SEED_EXAM = [
    Case("seed000_tier1_admits", "上线人数", S000_GAOKAO, "person", "exam.gaokao.tier1_admits", "exam"),
    Case("seed000_tier1_admits_part", "普文", S000_GAOKAO, "person", "exam.gaokao.tier1_admits", "exam"),
    Case("seed000_tier1_rate", "一本上线率", S000_GAOKAO, "percent", "exam.gaokao.tier1_rate", "exam"),
    Case("seed000_high_scorers", "分以上人数", S000_GAOKAO, "person", "exam.gaokao.high_scorers", "exam"),
    Case("seed000_zhongkao_admits", "上线人数", S000_ZHONGKAO, "person", "exam.zhongkao.admits", "exam"),
    Case("seed000_zhongkao_share", "所占全区比例", S000_ZHONGKAO, "percent",
         "exam.zhongkao.key_high_school_rate", "exam"),
    Case("seed000_zhongkao_share_growth", "所占全区比例", S000_ZHONGKAO, "percent",
         "exam.zhongkao.key_high_school_rate", "exam", "growth"),
    Case("seed001_tier2_admits", "高考文史类二本以上上线人数", S001_ARTS, "person", "exam.gaokao.tier2_admits", "exam"),
    Case("seed001_tier2_rate", "上线率", S001_ARTS, "percent", "exam.gaokao.tier2_rate", "exam"),
    Case("seed001_all_tiers_admits", "上线人数", S001_ALL, "person", "exam.gaokao.admits", "exam"),
    Case("seed001_all_tiers_rate", "上线率", S001_ALL, "percent", "exam.gaokao.admission_rate", "exam"),
    Case("seed001_contest_teams", "代表队", S001_CONTEST, "count", "other.competition_teams", "other"),
    Case("seed001_contest_participants", "中小学生", S001_CONTEST, "person", "other.competition_participants", "other"),
    Case("seed001_contest_awards", "奖", S001_CONTEST, "count", "other.competition_awards", "other"),
]

SEED_STAFF = [
    Case("seed000_bureau_staff_cut", "人员", S000_STAFF, "person", "staff.bureau_staff", "staffing", "delta"),
    Case("seed000_free_normal_graduates", "免费师范生", s("本年度引進15名免費師範生到我區中學任教,為九原教育補充了新生力量。"),
         "person", "staff.teachers_recruited", "staffing"),
    Case("seed000_master_studios", "名师工作室", s("完成對我區21個名師工作室及3名特級教師、103名學科帶頭人的工作考核。"),
         "count", "staff.master_teacher_studios", "staffing"),
    Case("seed000_special_grade_teachers", "特级教师", s("完成對我區21個名師工作室及3名特級教師、103名學科帶頭人的工作考核。"),
         "person", "staff.famous_teachers", "staffing"),
    Case("seed000_subject_leader_titles", "教师", S000_TEACHERS, "person", "staff.backbone_teachers", "staffing"),
    Case("seed000_training_person_times", "教师", S000_TEACHERS, "person_time", "staff.training_person_times",
         "staffing"),
    Case("seed000_contract_teachers", "劳动合同制幼儿教师",
         s("為2014年招聘的126名勞動合同制幼兒教師實現了“同工同酬”,穩定學前教育教師隊伍。"),
         "person", "staff.contract_teachers", "staffing"),
    Case("seed000_security_guards", "专业保安", S000_GUARDS, "person", "staff.security_guards", "staffing"),
    Case("seed001_preschool_teachers", "幼儿教师", S001_KG, "person", "staff.preschool_teachers", "staffing"),
    Case("seed001_backbone_trained", "幼儿教师骨干", S001_KG_TRAIN, "person", "staff.teachers_trained", "staffing"),
    Case("seed001_principals_trained", "校长", S001_HEADS, "person", "staff.teachers_trained", "staffing"),
    Case("seed001_experts", "教育专家", S001_HEADS, "person", "staff.experts", "staffing"),
    Case("seed002_famous_teachers", "名教师", S002_TALENT, "person", "staff.famous_teachers", "staffing"),
    Case("seed002_titled_teachers", "高级职称教师", S002_TALENT, "person", "staff.titled_teachers", "staffing"),
    Case("seed002_talent_programme", "对象", S002_TALENT, "person", "staff.backbone_teachers", "staffing"),
    Case("seed002_substitutes_via_recruitment", "代课教师", S002_SUBST, "person", "staff.substitute_teachers",
         "staffing"),
    Case("seed004_recruited", "教师", S004_RECRUIT, "person", "staff.teachers_recruited", "staffing"),
    Case("seed004_recruited_kindergarten", "幼儿园教师", S004_RECRUIT, "person", "staff.teachers_recruited",
         "staffing"),
    Case("seed004_named_principals", "", S004_NAMED, "person", "staff.famous_teachers", "staffing"),
    Case("seed004_party_members", "党员", S004_PARTY, "person", "governance.party_members", "governance"),
    Case("seed004_guards", "专职保安员", "为全区中小学、幼儿园配备了51名专职保安员。", "person",
         "staff.security_guards", "staffing"),
]

SEED_ENROLMENT = [
    Case("seed001_vocational_intake", "春季招生", S001_INTAKE, "person", "enrolment.vocational_intake", "enrolment"),
    Case("seed001_vocational_intake_growth", "春季招生", S001_INTAKE, "percent", "enrolment.vocational_intake",
         "enrolment", "growth"),
    Case("seed001_children_in_kindergarten", "在园幼儿", S001_KG, "person", "enrolment.preschool_children",
         "enrolment"),
    Case("seed002_preschool_rate", "以上儿童入园率", S002_RATES, "percent", "enrolment.preschool_rate", "enrolment"),
    Case("seed002_compulsory_rate", "学龄儿童入学率", S002_RATES, "percent", "enrolment.compulsory_rate", "enrolment"),
    Case("seed002_primary_progression", "小学毕业生升学率", S002_RATES, "percent",
         "enrolment.primary_progression_rate", "enrolment"),
    Case("seed002_junior_progression", "初中毕业生升学率", S002_RATES, "percent",
         "enrolment.junior_progression_rate", "enrolment"),
    Case("seed002_senior_progression", "普通高中毕业生升学率", S002_RATES, "percent",
         "enrolment.senior_progression_rate", "enrolment"),
    Case("seed002_quality_places", "普通高中学位总数", S002_MODEL, "percent", "enrolment.quality_places_share",
         "enrolment"),
    Case("seed002_general_vocational_ratio", "招生比例保持", S002_VOC, "ratio", "enrolment.general_vocational_ratio",
         "enrolment"),
    Case("seed003_enrolment_target", "辖区儿童少年入学率",
         "认真做好残疾儿童的入学摸底工作,依法督促并落实残疾儿童方便、就近随班就读,确保辖区儿童少年入学率100%。",
         "percent", "enrolment.compulsory_rate", "enrolment", "target"),
    Case("seed004_places_added", "学位学位", S004_BUILD, "count", "enrolment.places_added", "enrolment", "delta"),
    Case("seed004_inclusive_kindergarten_share", "公办和普惠性民办幼儿园比例", S004_KG, "percent",
         "facilities.preschool_public_share", "facilities"),
    Case("seed004_inclusive_target", "公办园和普惠性民办园占比", S004_TARGET, "percent",
         "facilities.preschool_public_share", "facilities", "target"),
]

SEED_FACILITIES = [
    Case("seed000_toilets_renovated", "中小学旱厕", S000_BUILD, "institution", "facilities.schools_renovated",
         "facilities"),
    Case("seed000_canteens", "学校食堂", S000_CANTEEN, "institution", "safety.canteens_food_safety", "safety"),
    Case("seed001_kindergartens", "民办幼儿教育机构", S001_KG, "institution", "facilities.kindergartens", "facilities"),
    Case("seed001_land_mu", "老运动场开垦出一块",
         "*县安塘中心小学充分利用联合国世界粮农组织援建的无公害果蔬建设项目,用废弃的老运动场开垦出一块近十亩的果蔬基地;",
         "mu", "facilities.land_area_mu", "facilities"),
    Case("seed001_toilet_area", "面积", S001_TOILETS, "m2", "facilities.floor_area", "facilities"),
    Case("seed001_desk_sets", "课桌凳", S001_DESKS, "item", "facilities.equipment_items", "facilities"),
    Case("seed002_schools_merged", "中小学校", S002_MERGE, "institution", "facilities.schools_merged", "facilities",
         "target"),
    Case("seed002_land_added", "用地面积", S002_MERGE, "m2", "facilities.land_area", "facilities", "delta"),
    Case("seed002_floor_area_added", "建筑面积", S002_MERGE, "m2", "facilities.floor_area", "facilities", "delta"),
    Case("seed002_student_computer_ratio", "电脑生机比", S002_IT, "ratio", "facilities.student_computer_ratio",
         "facilities"),
    Case("seed002_teacher_computer_ratio", "师机比", S002_IT, "ratio", "facilities.teacher_computer_ratio",
         "facilities"),
    Case("seed002_multimedia", "多媒体教学平台进课室比例", S002_IT, "percent", "facilities.multimedia_rate",
         "facilities"),
    Case("seed002_fibre", "光纤总长度", S002_FIBRE, "km", "facilities.network_length", "facilities"),
    Case("seed004_new_projects", "金福园小学教学综合楼", S004_BUILD, "item", "facilities.projects", "facilities"),
    Case("seed004_kindergartens", "幼儿园", S004_KG, "institution", "facilities.kindergartens", "facilities"),
    Case("seed004_it_schools", "信息化中心校", S004_IT, "institution", "facilities.it_schools", "facilities"),
]

SEED_AID_SAFETY_GOVERNANCE_OTHER = [
    # fees waived for every pupil by the funding mechanism: the pupils reached are pupils served (enrolment)
    Case("seed001_students_aided", "学生", S001_FEES, "person", "enrolment.fee_waiver_pupils", "enrolment"),
    Case("seed001_boarders_aided", "贫困寄宿学生", S001_BOARD, "person", "student_aid.students", "student_aid"),
    Case("seed001_living_allowance", "生活费", S001_BOARD, "yuan", "student_aid.amount", "student_aid"),
    Case("seed001_state_grants", "国家助学金", S001_GRANTS, "yuan", "student_aid.amount", "student_aid"),
    Case("seed001_grant_students", "中职贫困家庭学生", S001_GRANTS, "person", "student_aid.students", "student_aid"),
    Case("seed004_aid_person_times", "户籍建档立卡学生", S004_AID, "person_time", "student_aid.person_times",
         "student_aid"),
    Case("seed004_free_tuition_person_times", "高中免学费", S004_AID, "person_time", "student_aid.person_times",
         "student_aid"),
    Case("seed000_canteen_rating", "a级占比", S000_CANTEEN, "percent", "safety.food_safety_rate", "safety"),
    Case("seed001_casualties", "女学生死亡", S001_ACCIDENT, "person", "safety.casualties", "safety"),
    Case("seed004_volunteers", "", S004_VOLUNTEERS, "person", "safety.volunteers", "safety"),
    Case("seed000_npc_inspections", "", S000_NPC, "event", "governance.inspections", "governance"),
    Case("seed000_tutoring_licences", "办学许可证", s("批准13家辦學許可證;"), "institution",
         "governance.training_institutions", "governance"),
    Case("seed000_proposals", "建议",
         s("今年,我局收到人大代表“關於解決哈林格爾鎮喬圪堵村幼兒入園問題的建議”等建議共計5件,我高度重視人大代表的建議。"),
         "item", "governance.proposals_handled", "governance"),
    Case("seed001_fee_cases", "乱收费案件", S001_FEE_CASES, "item", "governance.fee_violations", "governance"),
    Case("seed001_fee_refunds", "退款", S001_FEE_CASES, "yuan", "governance.fee_refunds", "governance"),
    Case("seed001_disciplined", "受处分", S001_FEE_CASES, "person", "governance.disciplined", "governance"),
    Case("seed001_fee_supervisors", "中小学义务收费监督员", S001_MONITORS, "person", "governance.fee_supervisors",
         "governance"),
    Case("seed002_standardised_share", "规范化学校所占比例", S002_STD, "percent", "facilities.standardised_share",
         "facilities"),
    Case("seed002_model_high_schools", "示范性普通高中", S002_MODEL, "institution", "facilities.model_schools",
         "facilities"),
    Case("seed004_standardised_kindergartens", "规范化幼儿园比例", S004_KG, "percent",
         "facilities.standardised_share", "facilities"),
    Case("seed004_party_organisations", "党组织", S004_PARTY, "institution", "governance.party_organisations",
         "governance"),
    Case("seed004_legal_events", "宪法大课堂活动", S004_EVENTS, "event", "other.legal_education_events",
         "other"),
    Case("seed001_target_completion", "指标数", S001_FEES, "percent", "other.target_completion_rate", "other"),
    Case("seed002_migrant_worker_training", "农民工", S002_MIGRANT, "person_time", "other.adult_training", "other"),
    Case("seed002_employment_rate", "率保持", S002_VOC, "percent", "other.vocational_employment_rate", "other"),
    Case("seed003_parent_schools", "家长学校", S003_FAMILY, "institution", "other.community_schools", "other"),
    Case("seed003_child_centres", "留守流动儿童之家", S003_FAMILY, "count", "other.child_centres", "other"),
    Case("seed004_after_school", "学生", S004_AFTER, "person", "enrolment.after_school_pupils", "enrolment"),
    Case("seed004_cultural_events", "韶关市曲艺家协会进校园", S004_EVENTS, "event", "other.cultural_events", "other"),
    Case("seed004_research_projects", "省级规划课题立项", S004_RESEARCH, "item", "other.research_projects", "other"),
    Case("seed004_research_rate", "通过率", S004_RESEARCH, "percent", "other.research_completion_rate", "other"),
]

# --------------------------------------------------------------------------- typical phrasing

TYPICAL = [
    # tier 1 vs tier 2, admits vs rate
    Case("tier1_rate_beside_tier2", "一本上线率", "我县一本上线率为25.3%,二本上线率为68.1%。", "percent",
         "exam.gaokao.tier1_rate", "exam"),
    Case("tier2_rate_beside_tier1", "二本上线率", "我县一本上线率为25.3%,二本上线率为68.1%。", "percent",
         "exam.gaokao.tier2_rate", "exam"),
    Case("tier1_rate_from_cue", "上线率", "全县重点本科上线1200人,上线率为18.5%。", "percent",
         "exam.gaokao.tier1_rate", "exam"),
    Case("tier1_admits_from_cue", "重点本科上线", "全县重点本科上线1200人,上线率为18.5%。", "person",
         "exam.gaokao.tier1_admits", "exam"),
    Case("tier2_admits_benke2", "本二上线人数", "本二上线人数达3560人。", "person", "exam.gaokao.tier2_admits", "exam"),
    Case("undergrad_rate", "本科上线率", "高考本科上线率达到72.4%,再创新高。", "percent", "exam.gaokao.undergrad_rate",
         "exam"),
    Case("tier1_rate_growth", "一本上线率", "一本上线率比去年提高3.5个百分点。", "percent", "exam.gaokao.tier1_rate",
         "exam", "delta"),
    Case("all_tiers_not_tier1_from_yipi", "上线人数", "新建一批学校,高考上线人数达4200人。", "person",
         "exam.gaokao.admits", "exam"),
    Case("zhongkao_general_high_school_rate", "普高录取率", "中考普高录取率为61.5%。", "percent",
         "exam.zhongkao.high_school_rate", "exam"),
    Case("gaokao_top_scorer", "清华北大", "考入清华北大6人。", "person", "exam.gaokao.high_scorers", "exam"),
    Case("zhongkao_pass_rate", "中考合格率", "全区中考合格率为91.2%。", "percent", "exam.zhongkao.pass_rate", "exam"),
    Case("zhongkao_key_rate", "重点高中录取率", "中考重点高中录取率为35.6%。", "percent",
         "exam.zhongkao.key_high_school_rate", "exam"),
    Case("fitness_not_pass_rate", "学生体质健康达标率", "学生体质健康达标率达到93%。", "percent", "other.fitness_rate",
         "other"),
    Case("proficiency_pass_rate", "学业水平考试合格率", "高中学业水平考试合格率为98.2%。", "percent", "exam.pass_rate",
         "exam"),
    # recruited vs trained, stock vs flow
    Case("recruited_teachers", "新招聘教师", "今年新招聘教师120人,充实到农村学校。", "person",
         "staff.teachers_recruited", "staffing"),
    Case("trained_teachers", "培训教师", "全年培训教师3200人。", "person", "staff.teachers_trained", "staffing"),
    Case("trained_teachers_person_times", "培训教师", "全年培训教师8500人次。", "person_time",
         "staff.training_person_times", "staffing"),
    Case("number_before_classifier_not_famous", "", "面向社会引进30名教师到农村任教。", "person",
         "staff.teachers_recruited", "staffing"),
    Case("training_sessions", "各类培训班", "全年举办各类培训班32期,培训教师5600人次。", "event",
         "staff.training_sessions", "staffing"),
    Case("teacher_stock", "专任教师", "全县共有专任教师4521人。", "person", "staff.teachers", "staffing"),
    Case("teacher_stock_vetoed_by_recruitment", "中小学教师", "招聘中小学教师45人。", "person",
         "staff.teachers_recruited", "staffing"),
    Case("backbone_stock", "骨干教师", "全县现有市级以上骨干教师356人。", "person", "staff.backbone_teachers", "staffing"),
    Case("titled_teachers", "中级职称", "具有中级职称的教师1200人。", "person", "staff.titled_teachers", "staffing"),
    Case("teachers_exchanged", "交流轮岗教师", "交流轮岗教师85人。", "person", "staff.teachers_exchanged", "staffing"),
    Case("new_party_members", "发展党员", "全年发展党员12名。", "person", "governance.new_party_members", "governance"),
    Case("living_allowance_and_fee_waiver_for_poor_pupils", "生活费和免学费",
         "发放建档立卡学生生活费和免学费116.575万元。", "yuan", "student_aid.amount", "student_aid"),
    Case("fee_waiver_for_all_pupils", "学杂费", "免除全市义务教育阶段学生学杂费5775.1万元。", "yuan",
         "funding.fee_waivers", "funding"),
    Case("student_teacher_ratio", "小学师生比", "小学、初中师生比分别为1:17.6、1:12.9。", "ratio",
         "staff.student_teacher_ratio", "staffing"),
    Case("qualification_share_is_not_gaokao", "以上学历", "在编教职工中具有本科及以上学历的占92.6%。", "percent",
         "staff.higher_degree_share", "staffing"),
    Case("children_in_public_kindergartens", "公办园在园幼儿占比", "公办园在园幼儿占比达到52.3%。", "percent",
         "enrolment.preschool_public_pupils_share", "enrolment"),
    Case("public_kindergartens_share", "公办园占比", "公办园占比达到50%。", "percent",
         "facilities.preschool_public_share", "facilities"),
    Case("cctv_connection_rate", "校园视频监控接入公安平台率", "校园视频监控接入公安平台率达100%。", "percent",
         "safety.cctv_rate", "safety"),
    Case("tutoring_reduction_rate", "压减率", "学科类校外培训机构由312家压减至9家,压减率97.1%。", "percent",
         "governance.tutoring_reduction_rate", "governance"),
    Case("student_loans", "办理生源地信用助学贷款", "为2.1万人办理生源地信用助学贷款。", "person",
         "student_aid.loan_students", "student_aid"),
    Case("canteens_as_buildings", "食堂", "新建学校食堂3家。", "institution", "facilities.canteens", "facilities"),
    # budget total vs construction and other funding purposes
    Case("budget_total_fiscal", "投入", "全年财政性教育经费投入12.5亿元。", "yuan", "funding.budget_total", "funding"),
    Case("construction_not_budget", "投入", "投入3200万元新建教学楼2栋。", "yuan", "funding.construction", "funding"),
    Case("total_funding", "教育经费总投入", "全年教育经费总投入达到18.6亿元。", "yuan", "funding.total", "funding"),
    Case("total_funding_growth", "教育经费投入", "教育经费投入比上年增长12.3%。", "percent", "funding.total", "funding",
         "growth"),
    Case("per_student_funds", "生均公用经费", "小学生均公用经费提高到650元。", "yuan", "funding.per_student", "funding"),
    Case("teacher_salaries", "绩效工资", "兑现教师绩效工资8600万元。", "yuan", "funding.teacher_salaries", "funding"),
    Case("rural_teacher_allowance", "乡村教师生活补助", "发放乡村教师生活补助1250万元。", "yuan",
         "funding.teacher_salaries", "funding"),
    Case("nutrition_programme_funds", "营养改善计划", "落实农村义务教育学生营养改善计划资金3200万元。", "yuan",
         "funding.nutrition", "funding"),
    # enrolment
    Case("preschool_gross_rate", "学前三年毛入园率", "学前三年毛入园率达到85.2%。", "percent", "enrolment.preschool_rate",
         "enrolment"),
    Case("retention_rate", "九年义务教育巩固率", "九年义务教育巩固率为96.8%。", "percent", "enrolment.retention_rate",
         "enrolment"),
    Case("senior_gross_rate", "高中阶段毛入学率", "高中阶段毛入学率达到90.5%。", "percent", "enrolment.senior_gross_rate",
         "enrolment"),
    Case("migrant_children", "进城务工人员随迁子女", "接收进城务工人员随迁子女1.2万人入学。", "person",
         "enrolment.migrant_children", "enrolment"),
    Case("disabled_rate_not_compulsory", "三类残疾儿童入学率", "三类残疾儿童入学率达到95%。", "percent",
         "enrolment.disabled_enrolment_rate", "enrolment"),
    Case("dropouts_returned", "辍学学生", "劝返辍学学生56人。", "person", "enrolment.dropouts", "enrolment"),
    Case("places_added", "新增学位", "新增学位3600个。", "count", "enrolment.places_added", "enrolment", "delta"),
    # facilities, safety
    Case("schools_built", "新建学校", "新建学校5所。", "institution", "facilities.schools_built", "facilities"),
    Case("computers", "计算机", "新增计算机1200台。", "count", "facilities.computers", "facilities", "delta"),
    Case("drills", "应急疏散演练", "开展应急疏散演练120次。", "event", "safety.drills", "safety"),
    Case("accidents", "安全责任事故", "全年发生安全责任事故0起。", "event", "safety.accidents", "safety"),
]

# categories by what is measured, whatever the object counted (data/gold/README.md): schools in a pilot or a
# sports programme are other, schools reached by a training staffing, audits and school groups governance
CATEGORY_RULES = [
    Case("pilot_schools_are_other", "学校", "确定12所学校开展课后服务试点。", "institution", "other.pilot_schools", "other"),
    Case("schools_stock_not_pilot", "义务教育学校", "全县共有义务教育学校56所。", "institution", "facilities.schools",
         "facilities"),
    Case("schools_in_a_training_are_staffing", "初级中学", "开展初中校长岗位培训,涉及初级中学45所。", "institution",
         "staff.training_schools", "staffing"),
    Case("sports_schools_are_other", "校园足球特色学校", "新增校园足球特色学校5所。", "institution", "other.sports_schools",
         "other"),
    Case("audits_are_governance_not_projects", "基建项目", "审计学校基建项目15项,涉及资金2.1亿元。", "item",
         "governance.audits", "governance"),
    Case("construction_projects_stay_facilities", "基建项目", "开工建设学校基建项目15项。", "item", "facilities.projects",
         "facilities"),
    Case("audited_funds_are_governance", "资金", "审计学校基建项目15项,涉及资金2.1亿元。", "yuan",
         "governance.audited_funds", "governance"),
    Case("school_groups_are_governance", "覆盖成员学校", "组建教育集团8个,覆盖成员学校35所。", "institution",
         "governance.school_groups", "governance"),
    Case("rural_teacher_allowance_is_funding", "生活补助", "为乡村教师发放生活补助共计980万元。", "yuan",
         "funding.teacher_salaries", "funding"),
    Case("living_allowance_for_pupils_is_aid", "生活补助", "为家庭经济困难寄宿生发放生活补助共计980万元。", "yuan",
         "student_aid.amount", "student_aid"),
    Case("fee_waiver_inside_aid_is_aid", "免学费资金", "发放资助资金2.3亿元,其中免学费资金6000万元。", "yuan",
         "student_aid.amount", "student_aid"),
    Case("nutrition_pupils_are_pupils_served", "学生", "营养改善计划惠及学生3.2万人。", "person",
         "enrolment.nutrition_pupils", "enrolment"),
    Case("violations_are_governance", "行为", "查处违规办学行为23起。", "event", "governance.violations_handled",
         "governance"),
    Case("safety_special_inspection", "安全专项检查", "开展安全专项检查6轮。", "event", "safety.inspections", "safety"),
    Case("average_score", "中考平均分", "中考平均分为512.3分。", "count", "exam.average_score", "exam"),
    Case("exchange_share", "应交流人数", "交流轮岗教师210人,占应交流人数的15.3%。", "percent", "staff.exchange_share",
         "staffing"),
    Case("inspectors_are_governance", "责任督学", "聘任责任督学86名。", "person", "governance.school_inspectors",
         "governance"),
    Case("official_spending_growth", "经费支出", "局机关“三公”经费支出同比下降8.2%。", "percent",
         "governance.official_spending", "governance", "growth"),
    Case("aid_person_times", "各级各类学生", "全年资助各级各类学生12.5万人次。", "person_time",
         "student_aid.person_times", "student_aid"),
    Case("teacher_shortage", "音体美教师缺口", "农村学校教师结构性缺编,音体美教师缺口约260人。", "person",
         "staff.teacher_shortage", "staffing"),
    Case("rural_teachers_are_no_shortage", "乡村教师", "全县有乡村教师1200人。", "person", "staff.rural_teachers",
         "staffing"),
]

UNMATCHED = [
    Case("unmatched_yuan_gets_funding", "投入", s("市和南沙區共投入3億元、高標準共建市外國語學校。"), "yuan",
         "other", "funding"),
    Case("unmatched_institution_gets_facilities", "", "登记校舍的单位3家。", "institution", "other", "facilities"),
    Case("unmatched_item_gets_staffing", "工作", s("近期,我重點抓好保障教師權益的兩項工作:一是落實教師待遇“兩相當”。"),
         "item", "other", "staffing"),
    Case("unmatched_event_gets_exam", "模拟考试", "组织模拟考试3次。", "event", "other", "exam"),
    Case("unmatched_person_gets_enrolment", "学生", "全市有学生12万人。", "person", "other", "enrolment"),
    Case("unmatched_person_time_gets_student_aid", "困难家庭", "慰问困难家庭300人次。", "person_time", "other",
         "student_aid"),
    Case("unmatched_without_cue", "", "他们去了3次。", "event", "other", "other"),
]

ALL_CASES = (SEED_FUNDING, SEED_EXAM, SEED_STAFF, SEED_ENROLMENT, SEED_FACILITIES,
             SEED_AID_SAFETY_GOVERNANCE_OTHER, TYPICAL, CATEGORY_RULES, UNMATCHED)


@pytest.mark.parametrize("case", params(*ALL_CASES))
def test_assign(case: Case):
    got = assign(case.measure, case.sentence, case.unit, case.role)
    assert (got.indicator, got.category) == (case.expect_indicator, case.expect_category), got


def test_there_are_enough_named_cases():
    names = [c.name for group in ALL_CASES for c in group]
    assert len(names) >= 60 and len(names) == len(set(names))
    assert all(c.measure == _T2S.convert(c.measure) for group in ALL_CASES for c in group)


# --------------------------------------------------------------------------- statistical bulletins
# Sentences written the way 教育事业统计公报 and county reports state their figures (not copied from any
# report), run through the figures and context stages: the figure is found by its raw text and assigned
# from the measure the context stage gives it. A level (小学, 初中, 中职) is a subgroup of the indicator, not
# an indicator of its own (小学在校生 is enrolment.pupils); rates per level are their own indicators. An
# expected indicator written "!id" is a negative: the figure must not take that indicator.

BULLETIN = [
 # (name, sentence, raw, expected indicator)
 ("schools_all_levels", "全市共有各级各类学校1234所,在校生56.7万人,专任教师3.4万人。", "1234所", "facilities.schools"),
 ("pupils_all_levels", "全市共有各级各类学校1234所,在校生56.7万人,专任教师3.4万人。", "56.7万人", "enrolment.pupils"),
 ("teachers_all_levels", "全市共有各级各类学校1234所,在校生56.7万人,专任教师3.4万人。", "3.4万人", "staff.teachers"),
 ("primary_enrolment_rate", "小学学龄儿童入学率100%,初中三年巩固率98.6%。", "100%", "enrolment.compulsory_rate"),
 ("junior_retention", "小学学龄儿童入学率100%,初中三年巩固率98.6%。", "98.6%", "enrolment.junior_retention_rate"),
 ("preschool_gross", "学前三年毛入园率92.3%,比上年提高1.5个百分点。", "92.3%", "enrolment.preschool_rate"),
 ("preschool_gross_change", "学前三年毛入园率92.3%,比上年提高1.5个百分点。", "1.5个百分点", "enrolment.preschool_rate"),
 ("primary_schools", "全县有小学86所,招生5621人,在校生3.46万人,毕业生5210人。", "86所", "facilities.schools"),
 ("primary_intake", "全县有小学86所,招生5621人,在校生3.46万人,毕业生5210人。", "5621人", "enrolment.intake"),
 ("primary_pupils", "全县有小学86所,招生5621人,在校生3.46万人,毕业生5210人。", "3.46万人", "enrolment.pupils"),
 ("primary_graduates", "全县有小学86所,招生5621人,在校生3.46万人,毕业生5210人。", "5210人", "enrolment.graduates"),
 ("junior_graduates", "初中毕业生1.2万人,毕业生升学率96.5%。", "1.2万人", "enrolment.graduates"),
 ("junior_progression", "初中毕业生1.2万人,初中毕业生升学率96.5%。", "96.5%", "enrolment.junior_progression_rate"),
 ("kindergarten_children", "全市共有幼儿园412所,在园幼儿8.9万人,幼儿园专任教师5120人。", "8.9万人", "enrolment.preschool_children"),
 ("kindergarten_count", "全市共有幼儿园412所,在园幼儿8.9万人,幼儿园专任教师5120人。", "412所", "facilities.kindergartens"),
 ("kindergarten_teachers", "全市共有幼儿园412所,在园幼儿8.9万人,幼儿园专任教师5120人。", "5120人", "staff.preschool_teachers"),
 ("special_school_pupils", "特殊教育学校2所,在校生386人,另有随班就读残疾学生512人。", "386人", "enrolment.pupils"),
 ("inclusive_pupils", "特殊教育学校2所,在校生386人,另有随班就读残疾学生512人。", "512人", "enrolment.disabled_children"),
 ("vocational_intake", "中等职业学校招生6230人,在校生1.8万人。", "6230人", "enrolment.intake"),
 ("vocational_pupils", "中等职业学校招生6230人,在校生1.8万人。", "1.8万人", "enrolment.pupils"),
 ("senior_gross", "高中阶段教育毛入学率达到91.2%。", "91.2%", "enrolment.senior_gross_rate"),
 ("staff_total", "全县中小学教职工6850人,其中专任教师6120人。", "6850人", "staff.teachers"),
 ("student_teacher_ratio", "小学生师比为16.8:1,初中生师比为12.5:1。", "16.8:1", "staff.student_teacher_ratio"),
 ("qualified_share", "小学专任教师学历合格率99.9%,高一层次学历比例达到86.4%。", "99.9%", "staff.qualified_share"),
 ("higher_degree_share", "小学专任教师学历合格率99.9%,高一层次学历比例达到86.4%。", "86.4%", "staff.higher_degree_share"),
 ("floor_area", "全市中小学校舍建筑面积586.3万平方米,生均校舍面积8.6平方米。", "586.3万平方米", "facilities.floor_area"),
 ("floor_area_per_pupil", "全市中小学校舍建筑面积586.3万平方米,生均校舍面积8.6平方米。", "8.6平方米", "facilities.floor_area_per_pupil"),
 ("equipment_value", "教学仪器设备资产值4.2亿元,生均教学仪器设备值1856元。", "4.2亿元", "facilities.equipment_value"),
 ("equipment_value_per_pupil", "教学仪器设备资产值4.2亿元,生均教学仪器设备值1856元。", "1856元", "facilities.equipment_value_per_pupil"),
 ("books", "图书藏量526万册,生均图书28.5册。", "526万册", "facilities.books"),
 ("books_per_pupil", "图书藏量526万册,生均图书28.5册。", "28.5册", "facilities.books_per_pupil"),
 ("computers", "中小学共有教学用计算机2.3万台,每百名学生拥有计算机14.2台。", "2.3万台", "facilities.computers"),
 ("computers_per_100", "中小学共有教学用计算机2.3万台,每百名学生拥有计算机14.2台。", "14.2台", "facilities.computers_per_100"),
 ("multimedia_classrooms", "建成网络多媒体教室3260间。", "3260间", "facilities.classrooms"),
 ("nutrition_pupils", "农村义务教育学生营养改善计划覆盖学生8.6万人。", "8.6万人", "enrolment.nutrition_pupils"),
 ("nutrition_funds", "下达营养改善计划膳食补助资金6880万元。", "6880万元", "funding.nutrition"),
 ("boarders", "义务教育阶段寄宿生2.1万人。", "2.1万人", "enrolment.boarders"),
 ("aid_person_times", "全年共资助家庭经济困难学生4.6万人次,资助金额5320万元。", "4.6万人次", "student_aid.person_times"),
 ("aid_amount", "全年共资助家庭经济困难学生4.6万人次,资助金额5320万元。", "5320万元", "student_aid.amount"),
 ("loan_students", "办理生源地信用助学贷款3860人,贷款金额2960万元。", "3860人", "student_aid.loan_students"),
 ("loan_amount", "办理生源地信用助学贷款3860人,贷款金额2960万元。", "2960万元", "student_aid.loan_amount"),
 ("classes", "全县小学共有教学班1210个,56人以上大班额126个。", "1210个", "enrolment.classes"),
 ("large_classes", "全县小学共有教学班1210个,大班额126个。", "126个", "enrolment.large_classes"),
 ("migrant_children", "接收进城务工人员随迁子女就读1.5万人,占在校生的18.2%。", "1.5万人", "enrolment.migrant_children"),
 ("migrant_share", "随迁子女占在校生比例为18.2%。", "18.2%", "enrolment.migrant_share"),
 ("left_behind", "全县有农村留守儿童6320人。", "6320人", "enrolment.left_behind_children"),
 ("training_person_times", "全年开展教师培训2.3万人次。", "2.3万人次", "staff.training_person_times"),
 ("exchange", "全年交流校长教师426人。", "426人", "staff.teachers_exchanged"),
 ("new_buildings_area", "新建改扩建校舍面积12.6万平方米。", "12.6万平方米", "facilities.floor_area"),
 ("weak_school_renovation", "完成薄弱学校改造32所。", "32所", "facilities.schools_renovated"),
 ("standard_schools", "新增义务教育标准化学校15所。", "15所", "facilities.standardised_schools"),
 ("balanced", "全省通过国家义务教育发展基本均衡县评估认定的县达到85个。", "85个", "governance.balanced_counties"),
 ("dilapidated", "消除D级危房1.2万平方米。", "1.2万平方米", "facilities.dilapidated_area"),
 ("per_student_funds", "初中生均公用经费达到850元。", "850元", "funding.per_student"),
 ("fiscal_share_of_total", "其中国家财政性教育经费131.6亿元,占教育经费总投入的86.4%。", "86.4%", "funding.fiscal_share_of_total"),
 ("per_pupil_budget_funds", "小学生均一般公共预算教育事业费12560元。", "12560元", "funding.per_student"),
 ("disabled_enrolment_rate", "残疾儿童少年义务教育入学率达95%以上。", "95%以上", "enrolment.disabled_enrolment_rate"),
 ("land_area", "全市中小学校园占地面积3680万平方米。", "3680万平方米", "facilities.land_area"),
 ("per_pupil_equipment_after_level", "小学生均教学仪器设备值1320元。", "1320元", "facilities.equipment_value_per_pupil"),
 ("renovated_floor_area", "改造校舍2.6万平方米。", "2.6万平方米", "facilities.floor_area"),
 ("proposals_settled", "办理人大代表建议和政协提案46件,办结率100%。", "100%", "governance.proposals_completion_rate"),
 ("special_control_line", "特殊类型招生控制线上线2350人。", "2350人", "exam.gaokao.special_line_admits"),
 ("homework_compliance", "义务教育阶段学生作业时间达标率100%。", "100%", "other.homework_compliance"),
 ("safety_education_reach", "开展各类安全教育活动1860场,覆盖学生32万人次。", "32万人次", "safety.education_reach"),
 # negatives: what looks alike but is another indicator
 ("neg_share_of_province", "全市高中阶段在校生占全省的12.6%。", "12.6%", "!enrolment.senior_gross_rate"),
 ("neg_graduate_employment", "中职毕业生就业率为96.2%。", "96.2%", "other.vocational_employment_rate"),
 ("neg_teacher_recruitment", "招聘小学专任教师320人。", "320人", "staff.teachers_recruited"),
 ("neg_books_money", "投入120万元购置图书。", "120万元", "funding.equipment"),
 ("neg_trained_not_stock", "参加国培计划的专任教师1260人。", "1260人", "staff.teachers_trained"),
]


@pytest.mark.parametrize("name, sentence, raw, expected", [pytest.param(*c, id=c[0]) for c in BULLETIN])
def test_bulletin_phrasing(name, sentence, raw, expected):
    from edureports.context import describe
    from edureports.quantities import find_quantities

    found = [f for f in describe(sentence, find_quantities(sentence)) if f.quantity.raw == raw]
    assert found, f"{raw} is not a figure of {sentence}"
    f = found[0]
    got = assign(f.measure, sentence, f.quantity.unit, f.role)
    if expected.startswith("!"):
        assert got.indicator != expected[1:], got
    else:
        assert got.indicator == expected, (f.measure, got)


def test_bulletin_cases_cover_every_level_and_have_negatives():
    sentences = " ".join(c[1] for c in BULLETIN)
    assert all(level in sentences for level in ("小学", "初中", "幼儿园", "高中", "中等职业", "特殊教育"))
    assert sum(c[0].startswith("neg_") for c in BULLETIN) >= 5
    assert len({c[0] for c in BULLETIN}) == len(BULLETIN)


# --------------------------------------------------------------------------- the assignment record


def test_assignment_names_the_deciding_keyword_and_labels():
    got = assign("上线人数", S000_GAOKAO, "person")
    assert got == Assignment("exam.gaokao.tier1_admits", "exam", "Gaokao tier-1 admits", "高考一本上线人数", "上线人数")


def test_measure_keyword_beats_longer_sentence_keyword():
    # 代课教师 in the measure beats 公开招聘 (longer, but only in the sentence)
    assert assign("代课教师", S002_SUBST, "person").keyword == "代课教师"


def test_unmatched_keyword_is_the_category_cue_or_none():
    assert assign("投入", "共投入3亿元", "yuan") == Assignment("other", "funding", "Other", "其他", "投入")
    assert assign("", "", "count") == Assignment("other", "other", "Other", "其他", None)


def test_unit_must_be_compatible():
    # a percent figure never takes a head-count indicator, a person figure never a rate
    assert assign("一本上线人数", "一本上线人数300人", "percent").indicator != "exam.gaokao.tier1_admits"
    assert assign("一本上线率", "一本上线率40%", "person").indicator != "exam.gaokao.tier1_rate"


def test_exclude_vetoes_and_cues_are_required():
    assert assign("上线人数", "中考重点高中上线人数1200人", "person").indicator == "exam.zhongkao.admits"
    assert assign("上线率", "上线率为16%", "percent").indicator == "exam.gaokao.admission_rate"


def test_none_reads_as_empty():
    assert assign(None, None, "yuan").indicator == "other"


@pytest.mark.parametrize("args, error", [
    pytest.param((1, "", "yuan"), TypeError, id="measure_not_str"),
    pytest.param(("", b"x", "yuan"), TypeError, id="sentence_bytes"),
    pytest.param(("", "", None), TypeError, id="unit_none"),
    pytest.param(("", "", "dollars"), ValueError, id="unknown_unit"),
    pytest.param(("", "", "yuan", "final"), ValueError, id="unknown_role"),
    pytest.param(("", "", ["yuan"]), TypeError, id="unit_unhashable"),
    pytest.param(("", "", "yuan", 1), TypeError, id="role_not_str"),
])
def test_bad_arguments(args, error):
    with pytest.raises(error, match="assign"):
        assign(*args)


class _Text(str):
    """A str subclass: valid, though not the plain str of the usual call."""


def test_str_subclasses_are_valid_arguments():
    plain = assign("学生", "惠及学生57.9万人", "person", "level")
    assert assign(_Text("学生"), _Text("惠及学生57.9万人"), _Text("person"), _Text("level")) == plain


def test_a_vocabulary_survives_pickling():
    import pickle

    vocab = pickle.loads(pickle.dumps(load_vocabulary()))
    assert vocab.assign("学杂费", S001_FEES, "yuan").indicator == "funding.fee_waivers"


def test_controlled_values_match_the_table_schema():
    schema = pytest.importorskip("edureports.schema")
    assert list(UNITS) == list(schema.UNITS)
    assert list(CATEGORIES) == list(schema.CATEGORIES)
    assert list(indicators.ROLES) == list(schema.ROLES)


# --------------------------------------------------------------------------- the vocabulary file

INVISIBLE = re.compile(r"[\u200b-\u200f\u2060\ufeff\u00a0\u3000\t]")


@pytest.fixture(scope="module")
def raw():
    return yaml.safe_load(DEFAULT_PATH.read_text(encoding="utf-8"))


def test_vocabulary_loads_without_errors():
    inds = load_indicators()
    assert len(inds) >= 60
    assert all(i.file == str(DEFAULT_PATH) for i in inds)
    assert len(load_vocabulary()) == len(inds)


def test_vocabulary_schema(raw):
    allowed = {"id", "category", "unit", "label_zh", "label_en", "keywords", "cues", "exclude"}
    required = {"id", "category", "unit", "label_zh", "label_en", "keywords"}
    bad = []
    for entry in raw["indicators"]:
        keys = set(entry)
        if not required <= keys or keys - allowed:
            bad.append((entry.get("id"), sorted(keys)))
        elif not re.fullmatch(r"[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+", entry["id"]):
            bad.append((entry["id"], "id"))
        elif entry["id"].split(".")[0] != ID_PREFIX.get(entry["category"], entry["category"]):
            bad.append((entry["id"], "prefix"))
        elif not (entry["keywords"] and all(isinstance(k, str) and k for k in entry["keywords"])):
            bad.append((entry["id"], "keywords"))
        elif not re.search(r"[\u4e00-\u9fff]", entry["label_zh"]) or not entry["label_en"].isascii():
            bad.append((entry["id"], "labels"))
    assert len(raw["indicators"]) >= 60
    assert bad == []


def test_vocabulary_has_no_duplicate_ids_or_keywords_within_a_unit(raw):
    ids = [e["id"] for e in raw["indicators"]]
    assert sorted({i for i in ids if ids.count(i) > 1}) == []
    owners = {}
    clashes = []
    for entry in raw["indicators"]:
        for kw in entry["keywords"]:
            if (entry["unit"], kw) in owners:
                clashes.append((kw, owners[entry["unit"], kw], entry["id"]))
            owners[entry["unit"], kw] = entry["id"]
    assert clashes == []


def test_vocabulary_units_and_categories_are_known(raw):
    assert {e["unit"] for e in raw["indicators"]} <= set(UNITS)
    assert {e["category"] for e in raw["indicators"]} <= set(CATEGORIES)
    assert set(raw["category_cues"]) <= set(CATEGORIES)
    assert set(raw["fallback_units"]) | {u for v in raw["fallback_units"].values() for u in v} <= set(UNITS)
    assert set(raw["growth_units"]) <= set(UNITS)


def test_vocabulary_covers_every_category(raw):
    assert {e["category"] for e in raw["indicators"]} == set(CATEGORIES)


def test_vocabulary_words_are_visible_and_simplified(raw):
    words = [w for e in raw["indicators"] for f in ("keywords", "cues", "exclude") for w in e.get(f, [])]
    words += [w for ws in raw["category_cues"].values() for w in ws]
    assert [w for w in words if INVISIBLE.search(w) or w != w.strip()] == []
    assert [w for w in words if _T2S.convert(w) != w] == []
    text = DEFAULT_PATH.read_text(encoding="utf-8")
    assert [n for n, line in enumerate(text.splitlines(), 1) if INVISIBLE.search(line)] == []
    assert all(unicodedata.category(ch) != "Cf" for ch in text)


# --------------------------------------------------------------------------- a broken vocabulary

BROKEN = """\
category_cues:
  funding: [经费]
indicators:
  - id: funding.total
    category: funding
    unit: yuan
    label_zh: 教育经费总投入
    label_en: Total education funding
    keywords: [教育经费, 教育投入]
  - id: exam.gaokao.tier1_rate
    category: exam
    unit: percentage
    label_zh: 一本上线率
    label_en: Tier-1 rate
    keywords: [一本上线率]
  - id: staff.teachers
    category: staffing
    unit: person
    label_zh: 教师
    label_en: Teachers
    keywords: [專任教師, 教育投入]
  - id: funding.budget_total
    category: funding
    unit: yuan
    label_zh: 财政教育经费
    label_en: Budgetary funding
    keywords: [财政经费, 教育经费]
"""


def test_a_broken_vocabulary_lists_every_error_with_its_key(tmp_path):
    path = tmp_path / "indicators.yaml"
    path.write_text(BROKEN, encoding="utf-8")
    with pytest.raises(DataFileError) as info:
        load_indicators(path)
    errors = info.value.errors
    assert info.value.path == str(path) and str(path) in str(info.value)
    assert len(errors) == 3, errors
    assert any("'percentage' is not one of" in e and "indicators/1/unit" in e for e in errors)  # the schema, by place
    assert any("'staff.teachers'" in e and "'專任教師'" in e and "simplified" in e for e in errors)
    # a keyword may name indicators of two units (教育投入 yuan and person), never two of one unit
    assert any("'funding.budget_total'" in e and "'教育经费'" in e and "'funding.total'" in e for e in errors)
    assert not any("'教育投入'" in e for e in errors)


@pytest.mark.parametrize("entry, needle", [
    pytest.param("  - {id: facilities.rooms, category: funding, unit: count, label_zh: 教室, label_en: Rooms,"
                 " keywords: [教室]}", "prefix", id="prefix_mismatch"),
    pytest.param("  - {id: funding.total, category: funding, unit: yuan, label_zh: 经费, label_en: Funds,"
                 " keywords: [经费总额]}", "duplicate id", id="duplicate_id"),
    pytest.param("  - {id: funding.x, category: money, unit: yuan, label_zh: 经费, label_en: Funds,"
                 " keywords: [经费额]}", "'money' is not one of", id="unknown_category"),
    pytest.param('  - {id: funding.x, category: funding, unit: yuan, label_zh: 经费, label_en: Funds,'
                 ' keywords: ["经费\\u200b额"]}', "U+200B", id="zero_width_space"),
    pytest.param('  - {id: funding.x, category: funding, unit: yuan, label_zh: 经费, label_en: Funds,'
                 ' keywords: ["经费\\u3000额"]}', "U+3000", id="ideographic_space"),
    pytest.param('  - {id: funding.x, category: funding, unit: yuan, label_zh: 经费, label_en: Funds,'
                 ' keywords: ["经费\\xa0额"]}', "U+00A0", id="nbsp"),
    pytest.param("  - {id: funding.x, category: funding, unit: yuan, label_zh: 经费, label_en: Funds}",
                 "'keywords' is a required property", id="missing_field"),
    pytest.param("  - {id: funding.x, category: funding, unit: yuan, label_zh: 经费, label_en: Funds,"
                 " keywords: [经费额], weight: 2}", "Additional properties are not allowed ('weight'", id="unknown_field"),
])
def test_each_kind_of_error_is_reported(tmp_path, entry, needle):
    good = BROKEN.split("  - id: exam.gaokao.tier1_rate")[0]
    path = tmp_path / "indicators.yaml"
    path.write_text(good + entry + "\n", encoding="utf-8")
    with pytest.raises(DataFileError) as info:
        load_indicators(path)
    assert len(info.value.errors) == 1 and needle in info.value.errors[0], info.value.errors


def test_a_duplicate_yaml_key_is_an_error(tmp_path):
    path = tmp_path / "indicators.yaml"
    path.write_text(BROKEN.split("  - id: exam.gaokao.tier1_rate")[0] + "    unit: yuan\n", encoding="utf-8")
    with pytest.raises(DataFileError) as info:
        load_indicators(path)
    assert any("duplicate key 'unit'" in e for e in info.value.errors)


def test_a_custom_vocabulary_can_be_used(tmp_path):
    path = tmp_path / "indicators.yaml"
    path.write_text(BROKEN.split("  - id: exam.gaokao.tier1_rate")[0], encoding="utf-8")
    vocab = load_vocabulary(path)
    assert assign("教育经费", "教育经费10亿元", "yuan", vocabulary=vocab).indicator == "funding.total"
    assert assign("资金", "资金10亿元", "yuan", vocabulary=vocab).indicator == "other"


# --------------------------------------------------------------------------- keyword hits in order


def _hits_by_definition(vocab, text, units):
    """Every keyword occurrence (str.find, overlapping) of the indicators of ``units``, not right after a
    numeral when the keyword starts with a classifier; longest first, then the last; one word's indicators
    in the order of ``units`` (a stable sort keeps it). ``units=None``: the category cue words."""
    if units is None:
        pairs = [(word, category) for category, words in vocab.category_cues.items() for word in words]
    else:
        pairs = [(kw, ind.id) for u in units for ind in vocab.indicators if ind.unit == u for kw in ind.keywords]
    hits = []
    for word, payload in pairs:
        i = text.find(word)
        while i >= 0:
            if not (i > 0 and word[0] in vocab.number_classifiers and text[i - 1] in vocab.numerals):
                hits.append((word, payload, i))
            i = text.find(word, i + 1)
    return sorted(hits, key=lambda h: (len(h[0]), h[2]), reverse=True)


HIT_TEXTS = [  # (name, text): keywords inside keywords, repeated, after a numeral, in several units
    ("nested_keywords", "全市小学在校生和初中在校生人数分别为3000人和2000人,小学生均公用经费"),
    ("repeated_keyword", "教师培训、教师招聘、新招聘教师、专任教师"),
    ("classifier_after_a_numeral", "新建学校3所,3个学校,项目5个,两所学校"),
    ("rates_and_admits", "一本上线人数251人,一本上线率40.6%,二本以上上线率22.31%,本科上线"),
    ("funding", "投入资金5775.1万元,免除学杂费,营养改善计划补助资金,教育经费总投入"),
    ("none", "没有关键词"),
]
UNIT_SETS = [("person",), ("percent",), ("yuan",), ("institution", "count"), ("percent", "person", "yuan"), None]


@pytest.mark.parametrize("text", [c[1] for c in HIT_TEXTS], ids=[c[0] for c in HIT_TEXTS])
def test_keyword_hits_are_every_occurrence_in_order(text):
    vocab = load_vocabulary()
    for units in UNIT_SETS:
        got = [(w, p if units is None else p.indicator.id, i) for w, p, i in vocab._hits(text, vocab._matcher(units))]
        assert got == _hits_by_definition(vocab, text, units), units


def test_clear_cache_forgets_remembered_assignments_and_keeps_the_answers():
    from edureports import indicators

    first = indicators.assign("上线人数", "我区重点大学(本一)上线人数达251人", "person")
    cached = indicators._default_vocabulary()._assign_cached
    assert cached.cache_info().currsize > 0
    indicators.clear_cache()
    assert cached.cache_info().currsize == 0
    assert indicators.assign("上线人数", "我区重点大学(本一)上线人数达251人", "person") == first


@pytest.mark.parametrize("units", UNIT_SETS[:-1], ids=["+".join(u) for u in UNIT_SETS[:-1]])
def test_a_matchers_choices_are_its_rules_labelled_with_each_word(units):
    """The precomputed choices of a keyword: each of its rules, in order, with the rule's assignment
    carrying the keyword (what dataclasses.replace gives)."""
    import dataclasses

    vocab = load_vocabulary()
    _, words, payloads, _, choices, direct = vocab._matcher(units)
    assert len(choices) == len(direct) == len(words) and words
    for word, rules, pairs, first in zip(words, payloads, choices, direct):
        assert [rule for rule, _ in pairs] == list(rules)
        assert [a for _, a in pairs] == [dataclasses.replace(r.assignment, keyword=word) for r in rules]
        # a word's direct assignment: its first rule's when that rule is unconditional
        unconditional = not rules[0].indicator.cues and not rules[0].indicator.exclude
        assert first == (dataclasses.replace(rules[0].assignment, keyword=word) if unconditional else None)
