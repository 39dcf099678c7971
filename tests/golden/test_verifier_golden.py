"""The claim verifier, table-driven: each unfaithful answer changes one slot and is caught naming that slot;
faithful paraphrases (汉字 figures, fractions, reordered clauses, table cells, synonyms) are not punished."""

import pytest

from assistant.settings import ROOT
from evals.faithfulness.scorer import FaithfulnessScorer

SPECIAL = "开展信息技术应用指导能力提升专项培训（不少于40学时），推动培训团队开展应用信息技术促进学科教育教学的研究。"
COUNTY = "区县是能力提升工程2.0实施的责任主体，要明确责任机构、责任领导，建立“县-片-校”三级责任运行机制和责任清单。"
LEVELS = ("省级教育行政部门制定本省（区、市）中小学教师信息技术校本应用考核方案。地（市）级教育行政部门结合本地实际，"
          "制订校本应用考核实施细则。县级教育行政部门组织实施校本应用考核及整校推进工作绩效评估等，以评促学，以评促用，保证实效。")
WFD = "对在培训周期内没有完成培训及考核的学校及教师，取消其参评资格。"
JS_PLATFORM = "有需求的设区市可以向省项目办申请在本市自有平台上组织本市辖区内教师开展线上学习并获得相应学时。"
JS_EVAL = "县区级教育行政部门要结合学校信息化发展规划，对学校教师信息技术应用能力提升工作进行过程督导和质量评估，并将评估结果纳入学校办学水平评估和校长考核的指标体系。"
GD = "培训测评主要用于检测学员参训成效，培训测评合格者，由省统一发放合格证书，计入继续教育学时。"
BJ = "培训共计50学时，其中线上学习25学时，线下校本研修与校本应用考核25学时。"
TABLE = "线上课程 专题课程（20） 15 5 应用案例（5） 5"
COURSE = "教师自主选择不少于15学时的课程学习，要求每门课程学习时长不低于总时长的2/3，并完成已选课程的随堂测试，共计20学时。"
TEAM = "试点学校组建由校长领衔，教学主任、信息技术骨干教师等3-5人构成的学校信息化管理团队。"
DATE = "各学校结合本校实际制定信息化教育教学发展规划、校本研修方案与考核方案及考核标准等文件并于8月30日前报市项目办备案。"
GD_TITLE = "《广东省中小学教师信息技术应用能力提升工程实施方案》\n“提升工程”总计培训学时为80学时，其中基于网络的专业研修56学时，基于网络的校本研修24学时。"
ALL = "各区教委要依据区级整校推进工作方案，组织参训学校面向全体在职在岗专任教师开展信息技术应用能力提升培训。"
BJ_TITLE = "《北京市中小学教师信息技术应用能力提升工程2.0推进指导方案》\n" + BJ
ONLINE = "线上课程由市级统筹建设，包括专题课程和应用案例，其中专题课程配套在线测试。"
TARGETS = "2021年，各区不少于60%的学校完成整校推进培训任务；2022年，各区全部完成能力提升工程2.0培训任务。"
CLASSES = "按学校信息化环境分3类：A类多媒体教学环境13个、B类混合学习环境10个、C类智慧学习环境7个。"
TRAINEES = "培训对象为北京市中小学、幼儿园在职在岗专任教师。"
GD_FUNDS = ("《广东省中小学教师信息技术应用能力提升工程实施方案》\n各地市、县（区）教育行政部门在省财政“强师工程”地方奖补经费"
            "和教师培训预算经费中安排经费。")
GD_STEPS = "《广东省中小学教师信息技术应用能力提升工程实施方案》\n做好“测评—培训—应用”三步工作。"
WFD_GOAL = "《瓦房店市中小学教师信息技术应用能力提升工程2.0实施方案》\n按照“统筹规划、分层实施、整校推进、全员参与”的实施策略推进。"
ROWS = "| A5 | 技术支持的课堂导入 | 学法指导 | |\n| A6 | 技术支持的课堂讲授 | 学法指导 | |"
WFD_TARGETS = "《瓦房店市中小学教师信息技术应用能力提升工程2.0实施方案》\n全市在职在岗全学科教师。"
FUNDS = "充分发挥学校生均公用经费不少于5%培训经费的使用效益，在学校生均公用经费中按规定全额列支。"
JS_PILOT = "2020 年上半年各市启动试点项目，选择部分示范基地校开展能力提升工程试点推进工作。"
BUDGET = "各级教育行政部门要将能力提升工程所需经费纳入年度预算，确保能力提升工程的顺利推进。"
SAME = "各校要确保研修内容与考核内容一致。"
LEADERS = "市项目办统一组织全市中小学校长信息化领导力培训，指导学校制定“一划两案”。"
NOT_CONFIRMED = ("以下各项国家层面没有确认，应作为可配置的规则，各自标明为项目默认值，不作为正式规定：\n"
                 "- 教师必须选几个微能力点（现有文件的规定是北京至少2个微能力点，瓦房店3个微能力点）")
ENCOURAGE = "校本应用考核应着眼于鼓励教师围绕教育教学实际问题开展信息技术学习和应用。"
GD_PILOT = "《广东省中小学教师信息技术应用能力提升工程实施方案》\n试点阶段（2014年9月—2015年5月）。"
GD_NOTE = "## guangdong-1.0-plan (广东, 1.0, 粤教继函〔2014〕59号)\n- Hours 80 = 56 网络专业研修 + 24 网络校本研修"
GD_SUPERVISION = "省教育厅通过专家评估、网络评估和第三方评估等方式，对“提升工程”实施进行监管评估，定期通报监测结果。"
COUNTY_TEAMS = "以区县培训团队建设为重点，按一定比例遴选，抓好专项培训。"
LEGACY_CODES = "不要与提升工程1.0的课程目录混淆（编号T1–T27，例如T11技术支持的课堂导入）。"
SPOT_CHECKS = "县区级教育行政部门是能力提升工程组织管理等责任主体，应定时抽检各校积累的考核数据。"
PILOT_COVER = "试点学校应覆盖省域内各地市，代表不同教育信息化发展水平。"
DIMS = "各维度的微能力点数：学情分析2个、教学设计7个、学法指导14个、学业评价7个。"
INSTITUTIONS = "教育行政部门对培训机构进行评估，评估采用“机构自评+学员评价+第三方评估”相结合的方式。"
CASES_REVIEW = "每校遴选不低于3%优秀案例提交市项目办，市项目办将对各校推送的优秀案例再次审定，对审定后的优秀案例进行展示、宣传和推广。"
AUTUMN = "9月至12月，各校组织培训并完成校本应用考核。"
SHOW = "以学校为单位，通过教学大赛、公开课等活动形式进行校本应用实践展示，开展校本应用考核。"
COVER = "试点学校应覆盖省域内各地市，代表不同教育信息化发展水平。"
DATE_MEETING = "各学校制定发展规划、校本研修方案与考核方案等文件并于8月30日前报市项目办备案，召开全校教师动员会议。"
DISTRICT = "各区负责审定校本应用考核方案，进行过程性抽测、督导，及时向市级平台报送校本考核情况。"
MGMT = "指导学校组建由校长领衔的信息化管理团队，并开展专项培训。"
BUY = "培训机构亦可通过购买或合作共享的方式，引进省外高水平的优质培训课程供教师选学。"
NATIONAL_TEAMS = "《全国中小学教师信息技术应用能力提升工程2.0整校推进实施指南》\n要把整校推进工作的着力点放在两支队伍的建设上。"
CREDIT = "学员自主选择课程进行学习，考核合格后计10学时。"
RECORD = "教师参加网络研修的成果可计入实践应用学时。"
STAGES = "教师的研修计划须覆盖五个环节中的3个环节。"
SUBJECTS = "各县区选2-3个学科开展整校推进培训。"
PICK = "每位教师选择4个微能力点开展研修。"
PASS_RATE = "学校要确保考核合格率100%。"
REPORT = "教师要形成一份研修报告（至少包含3个课例）。"
BULLET = "3.专项培训。各区组织骨干教师参加不少于30学时的集中培训。"
PROVINCE = "结合我省实际，制定校本研修实施细则。"
DUTIES = "电教馆主要负责技术保障，教研室主要负责督导考核。"
ROWS3 = ROWS + "\n| A7 | 技术支持的总结提升 | 学法指导 | |"
GATHER = "市项目办利用市级平台汇集各区校本研修过程性数据，定期通报各区工作进展。"
# A passage cut from the middle of a corpus sentence (its opening names the subject).
FRAGMENT = "侧重于评估教师在真实教育教学情境中应用信息技术解决问题的能力。"

ROW_C1 = "| C1 | 跨学科学习活动设计 | 教学设计 | |"
NO_OWN = "- 智慧学习环境 has no point of its own for 学情分析 or classroom lecturing."
POINT_GRADE = "A point is 优秀 when all its items are 优秀, 不合格 when any item is 不合格."
JS_SYSTEM = "市属系统需通过相关接口或导入功能向省平台提供考核数据。"
SEND = "不具备网络条件的农村学校，采取“送教下乡”或“送培到校”的方式开展培训。"

# The catalogue's notes are in English; the verifier reads them through their Chinese rendering.
GRADING = ("- Every evidence item a point requires must be submitted. An item is graded 优秀 / 合格 / 不合格 and earns a\n"
           "  level only if it meets every indicator of that level.")
ONLY_BY = "- There is no 学情分析 point in environment C: a 学情分析 need is met only by A1 or B1."
MATCHING = ("- environment matching: a teacher picks points of the school's environment or a simpler one\n"
            "  (多媒体 school → A only; 混合 → A or B; 智慧 → A, B or C). This is the common reading; state it as such.")

BJ_TEAM = "各参训学校组建由校长、教学副校长、信息化主管副校长、继续教育工作主管领导等组成的学校管理团队。"
HELP = "2023年11月末，各学校对教师提交的微能力教学成果进行考核，对考核不达标教师组织一对一帮扶，确保合格率100%。"
SHOW = "教师要形成一份信息技术教育教学应用设计方案并进行校本应用实践展示，完成应用反思。"
CHOOSE_PILOTS = "遴选不同类型、不同信息技术环境、不同发展水平的学校，精心打造，生成经验。"
EVERY_ITEM = "一个微能力点要求的每一项证据材料都必须提交。"
GD_GOAL = ("《广东省中小学教师信息技术应用能力提升工程实施方案》\n到2017年底，完成全省110万中小学（含幼儿园）教师信息技术应用能力"
           "提升全员培训和测评。")
BRIEFS = "各区教委每月要将培训工作动态形成培训工作简报报送市能力提升工程办公室。"
GD_YEARS = "2014、2015、2016、2017年分别完成全省中小学教师总数10%、35%、35%、20%的培训任务。"
TEAMS_MIX = "专兼结合，建强省、地（市）、县三级培训团队。"
DISTRICT_PLAN = "各区教委依据北京市能力提升工程2.0总体目标任务，研制本区能力提升工程2.0整校推进工作方案。"
SELF_PLAN = "自主规划重在务实可行，要力戒形式主义，基于本校实际情况，针对问题与需求，制定可提升、可检测、可达成的目标任务及年度实施计划。"
CASES_5 = "教师自主选择不少于5学时的应用案例进行学习，要求每个案例学习时长不低于总时长的2/3，共计5学时。"
JS_SCOPE = "现就全省实施中小学教师（含幼儿园、普通中小学、中等职业学校教师，下同）信息技术应用能力提升工程 2.0，提出如下意见。"
NO_ANALYSIS = "智慧学习环境（C类）没有学情分析维度的微能力点。"
GRADED = "任何一项材料不合格（缺交或偏离任务按不合格计）时，该能力点为不合格。"
JS_OFFICES = "其中省教师培训中心主要负责整体项目通联、推动等业务工作，省电化教育馆主要负责技术保障、资源建设工作，省教研室主要负责督导、考核等相关工作。"
BJ_TRAINEES = "培训对象为全市中小学、幼儿园在职在岗专任教师。"
GD_TRAINEES = "其中，各地市“提升工程”市、县项目管理者、中小学校长、骨干教师、教研员由省统一组织安排，采取集中研修与网络研修相结合的方式进行。"

# (answer, contexts, verdict of the answer's worst claim, slot named when not supported)
CASES = [
    ("信息技术应用指导能力提升专项培训不超过40学时。", [SPECIAL], "contradicted", "limit"),
    ("实施的责任主体是学校。", [COUNTY], "contradicted", "actor"),
    ("省级教育行政部门负责组织实施校本应用考核。", [LEVELS], "contradicted", "actor"),
    ("没完成培训及考核的教师不会被取消参评资格。", [WFD], "contradicted", "negation"),
    ("各设区市都必须在本市自有平台上组织线上学习。", [JS_PLATFORM], "contradicted", "modality"),
    ("评估结果纳入教师个人职称评审的指标体系。", [JS_EVAL], "unsupported", "content"),
    ("培训测评合格者由所在地市教育局发放合格证书。", [GD], "contradicted", "actor"),
    ("北京要求线上学习30学时。", [BJ], "contradicted", "figure"),
    ("须在9月30日前报市项目办备案。", [DATE], "contradicted", "date"),
    ("江苏要求培训共计50学时，其中线上学习25学时。", [BJ_TITLE], "contradicted", "region"),
    ("广东提升工程2.0总计培训学时为80学时。", [GD_TITLE], "contradicted", "programme"),
    ("试点学校的信息化管理团队至少5人。", [TEAM], "contradicted", "limit"),
    ("各区教委组织参训学校面向部分在职在岗专任教师开展培训。", [ALL], "contradicted", "scope"),
    ("培训测评合格后还须提交课堂实录视频。", [GD], "unsupported", "content"),
    ("线上课程包括专题课程和应用案例，其中应用案例配套在线测试。", [ONLINE], "contradicted", "object"),
    ("2021年各区所有学校都要完成整校推进培训任务。", [TARGETS], "contradicted", "scope"),
    ("B类混合学习环境13个。", [CLASSES], "contradicted", "figure"),
    ("培训对象为北京市中小学、幼儿园在职在岗的信息技术教师。", [TRAINEES], "contradicted", "actor"),
    ("这是江苏省的规定：各地市、县（区）在省财政“强师工程”地方奖补经费中安排经费。", [GD_FUNDS], "contradicted", "region"),
    ("瓦房店按“测评—培训—应用”三步工作推进。", [WFD_GOAL], "unsupported", "content"),
    ("其中应用案例配套在线测试，专题课程不配套。", [ONLINE], "contradicted", "object"),
    ("技术支持的课堂导入编号是A6，属于学法指导维度。", [ROWS], "contradicted", "code"),
    ("选择全部示范基地校开展试点推进工作。", [JS_PILOT], "contradicted", "scope"),
    ("各级教育行政部门可以将能力提升工程所需经费纳入年度预算。", [BUDGET], "contradicted", "modality"),
    ("专题课程20学时。", [TABLE], "supported", None),
    ("北京要求线上学习二十五学时。", [BJ], "supported", None),
    ("每门课程的学习时长不能低于总时长的三分之二。", [COURSE], "supported", None),
    ("线下校本研修与校本应用考核25学时，线上学习也是25学时，一共50学时。", [BJ], "supported", None),
    ("县级教育行政部门组织实施校本应用考核。", [LEVELS], "supported", None),
    ("团队由校长牵头，教学主任、信息技术骨干教师等三到五人组成。", [TEAM], "supported", None),
    ("没有完成培训和考核的老师会被取消参评资格。", [WFD], "supported", None),
    ("有需求的设区市可以申请用本市自有平台组织线上学习。", [JS_PLATFORM], "supported", None),
    ("须在8月30日前报市项目办备案。", [DATE], "supported", None),
    ("2021年，各区至少60%的学校完成整校推进培训任务。", [TARGETS], "supported", None),
    ("A类多媒体教学环境有13个点，B类混合学习环境有10个。", [CLASSES], "supported", None),
    ("广东各地市、县（区）在省财政“强师工程”地方奖补经费中安排经费。", [GD_FUNDS], "supported", None),
    ("按照“统筹规划、分层实施、整校推进、全员参与”的策略推进。", [WFD_GOAL], "supported", None),
    ("A5和A6都属于学法指导维度的能力点。", [ROWS], "supported", None),
    ("瓦房店的培训对象是全市在职在岗的全学科教师。", [WFD_TARGETS], "supported", None),
    ("要在学校生均公用经费中全额列支培训经费，比例不少于5%。", [FUNDS], "supported", None),
    # A synonym the claim itself copies elsewhere (网络研修) does not stand in for a changed object.
    ("教师参加网络研修的成果可计入线上学习学时。", [RECORD], "contradicted", "object"),
    # The quantifier's group read past a count (全部五个环节) and past the verb after it (选2-3个学科开展…).
    ("教师的研修计划须覆盖全部五个环节。", [STAGES], "contradicted", "scope"),
    ("各县区全学科开展整校推进培训。", [SUBJECTS], "contradicted", "scope"),
    # A bound the evidence does not set on the figure it states; 达到100% and a bound read after 一份 are none.
    ("每位教师至少选择4个微能力点开展研修。", [PICK], "contradicted", "limit"),
    ("考核合格率要达到100%。", [PASS_RATE], "supported", None),
    ("教师要形成一份至少包含3个课例的研修报告。", [REPORT], "supported", None),
    # Light words the segmenter glues onto a word (保持一致, 来学, 后记) and regional synonyms (省情).
    ("各校的研修内容和考核内容要保持一致。", [SAME], "supported", None),
    ("学员自主选择课程来学，考核合格后记10学时。", [CREDIT], "supported", None),
    ("要结合省情制定校本研修实施细则。", [PROVINCE], "supported", None),
    # A numbered heading joined to what it heads; a clause that only frames the topic is no claim.
    ("专项培训要求骨干教师参加不少于30学时的集中培训。", [BULLET], "supported", None),
    ("在县级层面，县级教育行政部门组织实施校本应用考核。", [LEVELS], "supported", None),
    # A list summed up from several rows of one passage; an item no row has is still new.
    ("A5到A7依次是技术支持的课堂导入、课堂讲授和总结提升。", [ROWS3], "supported", None),
    ("A5到A7依次是技术支持的课堂导入、课堂讲授和自主探究。", [ROWS3], "unsupported", "content"),
    ("校本应用考核侧重于评估教师在真实教育教学情境中应用信息技术解决问题的能力。", [FRAGMENT], "supported", None),
    ("分工是：电教馆负责技术保障，教研室负责督导考核。", [DUTIES], "unsupported", "content"),
    # A clause copied nearly word for word, with one noun the evidence has nowhere, puts in an object.
    ("市项目办利用市级平台汇集各区校本研修过程性数据和经费数据。", [GATHER], "unsupported", "content"),
    ("定期通报各区工作进展和经费使用。", [GATHER], "unsupported", "content"),
    ("市项目办用市级平台汇集各区校本研修的过程性数据。", [GATHER], "supported", None),
    # An actor word right after a verb is what the verb acts on (组织…校长…培训), not who acts.
    ("市项目办统一组织全市中小学校长的信息化领导力培训。", [LEADERS], "supported", None),
    ("学校统一组织全市中小学校长的信息化领导力培训。", [LEADERS], "contradicted", "actor"),
    # Words that only label what follows (时段、规模、对象) add nothing; a count of the items listed after it is kept.
    ("各校组织培训并完成校本应用考核的时段是9月至12月。", [AUTUMN], "supported", None),
    ("管理团队的规模为3-5人，由校长领衔。", [TEAM], "supported", None),
    ("实施策略由四个部分组成：统筹规划、分层实施、整校推进、全员参与。", [WFD_GOAL], "supported", None),
    # A group narrowed where the evidence sets no limit, or a qualifier that narrows 全体.
    ("以学校为单位，选取部分教师进行校本应用实践展示。", [SHOW], "contradicted", "scope"),
    ("组织参训学校面向青年专任教师开展信息技术应用能力提升培训。", [ALL], "contradicted", "scope"),
    ("试点学校覆盖省域内的部分地市。", [COVER], "contradicted", "scope"),
    ("试点学校应覆盖省域内各个地市。", [COVER], "supported", None),
    # A precondition the evidence does not set; a negated action; a bare task made optional; 亦可 made a must.
    ("文件于8月30日前报市项目办备案，经市项目办批复同意后方可召开全校教师动员会议。", [DATE_MEETING], "unsupported", "content"),
    ("文件于8月30日前报市项目办备案，然后召开全校教师动员会议。", [DATE_MEETING], "supported", None),
    ("各区审定校本应用考核方案，但不进行过程性抽测。", [DISTRICT], "contradicted", "negation"),
    ("指导学校组建信息化管理团队，专项培训由学校视情况自愿开展。", [MGMT], "contradicted", "modality"),
    ("培训机构必须通过购买或合作共享的方式引进省外课程。", [BUY], "contradicted", "modality"),
    ("培训机构也可以通过购买或合作共享的方式引进省外课程。", [BUY], "supported", None),
    # A national rule given as one place's own.
    ("北京市要把整校推进的着力点放在两支队伍的建设上。", [NATIONAL_TEAMS], "contradicted", "region"),
    ("要把整校推进的着力点放在两支队伍的建设上。", [NATIONAL_TEAMS], "supported", None),
    # 部分 as the share itself is no narrowing.
    ("学校生均公用经费中不少于5%的部分用作培训经费。", [FUNDS], "supported", None),
    ("每项材料都要交，按优秀、合格、不合格三档评定。", [GRADING], "supported", None),
    ("C类没有学情分析的点，学情分析只能靠A1或B1。", [ONLY_BY], "supported", None),
    ("学情分析只能通过A1来满足。", [ONLY_BY], "contradicted", "scope"),
    ("混合学习环境的学校可以选A类或B类——也就是本校环境或更简单环境的点。", [MATCHING], "supported", None),
    ("混合学习环境的学校只能选B类。", [MATCHING], "contradicted", "scope"),
    # A denial said with another verb is still a denial; 不过 is a "but", not a "not"; a topic frame adds nothing.
    ("没有网络条件的农村学校采取送教下乡。", [SEND], "supported", None),
    ("不具备网络条件的农村学校不采取送教下乡。", [SEND], "contradicted", "negation"),
    ("不过教研室负责督导考核。", [DUTIES], "supported", None),
    ("分工上，电教馆负责技术保障。", [DUTIES], "supported", None),
    ("分工上，电教馆负责督导考核。", [DUTIES], "contradicted", "actor"),
    # A national passage credited to a place's own document (its plain statement is above); a denial of a synonym of
    # what the evidence states.
    ("根据北京市的方案，要把整校推进的着力点放在两支队伍的建设上。", [NATIONAL_TEAMS], "contradicted", "region"),
    ("教师参加网络研修的成果不记入实践应用学时。", [RECORD], "contradicted", "negation"),
    # Choosing which courses is free; the minimum is still required.
    ("教师需要自选不少于15学时的课程学习。", [COURSE], "supported", None),
    # 只有…才: a condition, not a narrowing; 没有A和B denies both; 多数 is not 全部.
    ("只有达到某一等级的全部指标，才能评为该等级。", [GRADING], "supported", None),
    ("智慧学习环境没有学情分析和课堂讲授的点。", [NO_OWN], "supported", None),
    ("一个能力点多数材料为优秀，这个点就是优秀。", [POINT_GRADE], "contradicted", "scope"),
    # A point said to belong to a dimension that is not its own.
    ("C1属于学情分析维度。", [ROW_C1], "contradicted", "code"),
    ("C1属于教学设计维度。", [ROW_C1], "supported", None),
    # The one a thing is handed to is not the one who does it (交给省里).
    ("市属系统的考核数据要交给省里。", [JS_SYSTEM], "supported", None),
    # What is not required is denied, through the preposition (不要求与…一致).
    ("研修内容不要求与考核内容一致。", [SAME], "contradicted", "negation"),
    ("研修内容要与考核内容一致。", [SAME], "supported", None),
    # A clause worded apart whose content words are all in one evidence clause is aligned to it; a clause before a
    # colon that names nothing to check only announces the clauses after it, which are checked themselves.
    ("培训对象是全市所有在职在岗的教师。", [WFD_TARGETS], "supported", None),
    ("培训对象是全市部分在职在岗的教师。", [WFD_TARGETS], "contradicted", "scope"),
    ("分级考核的分工是：省级制定考核方案，县级组织实施校本应用考核。", [LEVELS], "supported", None),
    ("分级考核的分工是：县级制定考核方案。", [LEVELS], "contradicted", "actor"),
    # 全国层面 where the evidence says 国家层面; a place named in a later clause does not govern an earlier one.
    ("选几个点全国层面没有确认；北京至少两个点。", [NOT_CONFIRMED], "supported", None),
    # 应着眼于鼓励教师…: the modal word nearest the action binds it, so the action is encouraged, not required.
    ("校本应用考核要求教师必须围绕实际问题开展信息技术学习。", [ENCOURAGE], "contradicted", "modality"),
    ("校本应用考核鼓励教师围绕实际问题开展信息技术学习。", [ENCOURAGE], "supported", None),
    # The programme written out (提升工程2.0) outweighs the one its years suggest; a note headed by a document's id.
    ("广东提升工程2.0的试点阶段是2014年9月至2015年5月。", [GD_PILOT], "contradicted", "programme"),
    ("广东的提升工程2.0要求80学时。", [GD_NOTE], "contradicted", "programme"),
    ("广东的提升工程1.0要求80学时。", [GD_NOTE], "supported", None),
    # An item of a list after the first is named, not acting (专家评估、第三方评估); a clause that names both actors
    # of the evidence in another order binds nothing new (培训团队以区县为重点).
    ("省教育厅通过专家评估、网络评估、第三方评估等方式开展监管评估。", [GD_SUPERVISION], "supported", None),
    ("培训团队以区县为重点，按一定比例遴选。", [COUNTY_TEAMS], "supported", None),
    ("培训团队以学校为重点，按一定比例遴选。", [COUNTY_TEAMS], "contradicted", "actor"),
    # 这部分经费 is the part just spoken of, not a share; a bracket ends what a denial reaches.
    ("这部分经费在生均公用经费中按规定全额列支。", [FUNDS], "supported", None),
    ("T1–T27是1.0的课程目录编号。", [LEGACY_CODES], "supported", None),
    # A denial carried through 参与 to the action after it; 发给 for 发放; 经 and 向 glued onto a word add nothing.
    ("县区级教育行政部门不参与抽检考核数据。", [SPOT_CHECKS], "contradicted", "negation"),
    ("县区级教育行政部门要定时抽检考核数据。", [SPOT_CHECKS], "supported", None),
    ("培训测评合格的由省统一发给合格证书。", [GD], "supported", None),
    # 部分重点地市 is one group with 各地市 (the compound the quantifier counts, not only its first noun).
    ("试点学校应覆盖省内部分重点地市。", [PILOT_COVER], "contradicted", "scope"),
    ("试点学校应覆盖省内各地市。", [PILOT_COVER], "supported", None),
    # 只有2个 states a count, not a narrowing; 对培训机构的评估 names whom the evaluation is done to.
    ("学情分析维度只有2个微能力点。", [DIMS], "supported", None),
    ("对培训机构的评估结合机构自评、学员评价和第三方评估。", [INSTITUTIONS], "supported", None),
    # 不再另行审定 denies 审定 (不再 is a denial; 另行 carries it on).
    ("市项目办不再另行审定优秀案例，直接展示推广。", [CASES_REVIEW], "contradicted", "negation"),
    # 周期内未完成: a denial jieba glued to the word before it is a denial still.
    ("培训周期内未完成培训及考核的学校和教师，取消参评资格。", [WFD], "supported", None),
    ("培训周期内未完成培训及考核的教师，保留参评资格。", [WFD], "contradicted", "negation"),
    # 不设学情分析点 denies what is not set up, as 没有学情分析维度的点 does.
    ("智慧学习环境不设学情分析维度的微能力点。", [NO_ANALYSIS], "supported", None),
    ("智慧学习环境设有学情分析维度的微能力点。", [NO_ANALYSIS], "contradicted", "negation"),
    # 市县 for 市、县; 后会 (提交后会被审定) is light words only; 偏题 for 偏离任务.
    ("市县项目管理者由省统一组织安排。", [GD_TRAINEES], "supported", None),
    ("优秀案例提交市项目办后会被再次审定。", [CASES_REVIEW], "supported", None),
    ("任何一项材料缺交或偏题，都按不合格计。", [GRADED], "supported", None),
    # A list of people with a member the evidence's list lacks, where it has one the claim lacks: a changed actor.
    ("学校管理团队由校长、教学副校长、信息化主管副校长和教研组长等组成。", [BJ_TEAM], "contradicted", "actor"),
    ("学校管理团队由校长、教学副校长和信息化主管副校长等组成。", [BJ_TEAM], "supported", None),
    # 教研组 where the evidence says 教师: a group of teachers is not the teachers themselves.
    ("对考核不达标的教研组组织一对一帮扶。", [HELP], "contradicted", "actor"),
    ("对考核不达标的教师组织一对一帮扶。", [HELP], "supported", None),
    # 一次展示 says once what the evidence says without a count; 每月一次 is a frequency the evidence must set.
    ("教师要完成一份设计方案、一次校本应用实践展示和应用反思。", [SHOW], "supported", None),
    ("教师每月要进行一次校本应用实践展示。", [SHOW], "unsupported", "figure"),
    # A group said to be left out that the evidence lists; 只遴选/只需 narrow what the evidence does not.
    ("培训对象是中小学在职在岗专任教师，幼儿园教师不在其中。", [TRAINEES], "contradicted", "scope"),
    ("区县只遴选信息技术环境较好的学校精心打造。", [CHOOSE_PILOTS], "contradicted", "scope"),
    ("每个能力点的证据材料只需提交主要的几项。", [EVERY_ITEM], "contradicted", "scope"),
    # The programme a sentence writes out (按提升工程2.0的安排) governs its clauses over the years they name.
    ("按提升工程2.0的安排，广东到2017年底完成全省110万中小学教师的全员培训和测评。", [GD_GOAL], "contradicted", "programme"),
    ("按提升工程1.0的安排，广东到2017年底完成全省110万中小学教师的全员培训和测评。", [GD_GOAL], "supported", None),
    # 可根据需要 grants leave as a whole: its 需要 is no obligation of its own.
    ("各区教委可根据需要把培训工作动态形成简报报送市能力提升工程办公室。", [BRIEFS], "contradicted", "modality"),
    # 共计20学时 at the end of the sentence is its head's total; 四年 counts the years listed; a claim may name the
    # document by its title.
    ("专题课程一共计20学时。", ["专题课程：" + COURSE], "supported", None),
    ("四年分别完成全省中小学教师总数的百分之十、百分之三十五、百分之三十五和百分之二十。", [GD_YEARS], "supported", None),
    ("广东这份实施方案规定总计培训学时为80学时。", [GD_TITLE], "supported", None),
    # A clause of bodies and periods only aligns where they all are; a title line or letterhead names the issuer.
    ("试点学校要覆盖全省各个地市。", [PILOT_COVER], "supported", None),
    ("这份意见由江苏省教育厅印发。", ["江苏省教育厅文件\n苏教师〔2020〕5号"], "supported", None),
    ("这份意见由江苏省财政厅印发。", ["江苏省教育厅文件\n苏教师〔2020〕5号"], "unsupported", "alignment"),
    # An abbreviation of two words by their first characters (专兼结合, 研制), followed by what follows them.
    ("培训团队专职兼职相结合。", [TEAMS_MIX], "supported", None),
    ("各区教委研究制定本区整校推进工作方案。", [DISTRICT_PLAN], "supported", None),
    ("各区教委要把能力提升工程2.0列入区域教育信息化发展规划。", [DISTRICT_PLAN], "unsupported", "content"),
    # 讲究 for 重在; 前提 is a category noun (the precondition itself is what is checked).
    ("自主规划讲究务实可行，要力戒形式主义。", [SELF_PLAN], "supported", None),
    # 应用案例部分，… names a section, not a share; 效果 for 实效; 关键在于 for 重在.
    ("应用案例部分，教师自主选择不少于5学时的应用案例进行学习。", [CASES_5], "supported", None),
    ("自主规划关键在于务实可行。", [SELF_PLAN], "supported", None),
    # What a thing is counted as, denied on one side only: 不算不合格 against 按不合格计.
    ("缺交或偏离任务的材料不算不合格。", [GRADED], "contradicted", "negation"),
    ("缺交或偏离任务的材料计为不合格。", [GRADED], "supported", None),
    # A denial carries through 单独/直接 to the action; 只覆盖 narrows; 主要学科 is part of 全学科.
    ("地（市）级不再单独制订实施细则。", [LEVELS], "contradicted", "negation"),
    ("江苏这份意见只覆盖幼儿园和普通中小学教师。", [JS_SCOPE], "contradicted", "scope"),
    ("培训对象是全市在职在岗的主要学科教师。", [WFD_TARGETS], "contradicted", "scope"),
    # 按年度算，… and 说到覆盖范围，… only frame what follows.
    ("按年度算，2014、2015、2016、2017年分别完成全省中小学教师总数10%、35%、35%、20%的培训任务。", [GD_YEARS], "supported", None),
    # 会线 (会 + 线上) is a cut across words; 队伍 for 团队; 区县团队 names the evidence's 区县培训团队 in short;
    # 应用案例部分共计… names a section.
    ("省级培训团队会线上线下相结合，全程跟进。", ["省级培训团队通过线上线下相结合的方式，全程跟进。"], "supported", None),
    ("建好省、地（市）、县三级队伍。", [TEAMS_MIX], "supported", None),
    ("以区县团队建设为重点，按一定比例遴选。", [COUNTY_TEAMS], "supported", None),
    ("应用案例部分共计5学时。", [CASES_5], "supported", None),
    # 不能混淆 against 不要…混淆: a prohibition is aligned with a prohibition.
    ("1.0的课程目录是另一套框架，不能混淆。", [LEGACY_CODES], "supported", None),
    # 培训面向X for 培训对象为X; 不在培训对象之内 leaves a group out; 形成 for 营造; 机构 is a category noun.
    ("培训面向全市中小学、幼儿园在职在岗专任教师。", [BJ_TRAINEES], "supported", None),
    ("培训面向全市中小学在职在岗专任教师，幼儿园教师不在培训对象之内。", [BJ_TRAINEES], "contradicted", "scope"),
    ("开展示范课评选，营造良好应用氛围。", ["开展示范课评选，形成良好应用氛围。"], "supported", None),
    ("项目办是领导小组下设的机构。", ["领导小组下设项目办。"], "supported", None),
    # 材料 and 指导思想 are category nouns; 分管 for 主管.
    ("A1需要提交两份材料：学情分析方案和学情分析报告。", ["A1要求提交学情分析方案和学情分析报告。"], "supported", None),
    ("指导思想提出要积极推进“互联网+教育”。", ["积极推进“互联网+教育”。"], "supported", None),
    ("管理团队由校长和分管副校长组成。", ["管理团队由校长和主管副校长组成。"], "supported", None),
    # A clause granting leave over a part says something, however few its content words.
    ("教师可以只提交其中部分材料。", ["每个微能力点要求的全部证据材料都必须提交。"], "unsupported", None),
    # 苏教师 is not 教师: a province's one-character abbreviation makes another issuer; 教育部 names the same one.
    ("江苏这份意见的文号是苏教师〔2019〕1号。", ["按照《教育部关于实施全国中小学教师信息技术应用能力提升工程 2.0 的意见》（教师〔2019〕1号）的总体部署，提出如下意见。"],
     "unsupported", None),
    ("全国的意见是教育部教师〔2019〕1号。", ["《教育部关于实施全国中小学教师信息技术应用能力提升工程 2.0 的意见》（教师〔2019〕1号）"],
     "supported", None),
    # In the passive (…工作由X负责) what is done stands before 由; 由…组成 names members, not a doer.
    ("技术保障工作主要由省教研室负责。", [JS_OFFICES], "contradicted", "actor"),
    ("技术保障工作主要由省电化教育馆负责。", [JS_OFFICES], "supported", None),
    ("执行办公室由省教师培训中心、省电化教育馆和省教研室组成。", ["执行办公室由省教师培训中心、省电化教育馆、省教研室组成。"],
     "supported", None),
    # A synonym stands in for the evidence's word only where it is not the answer's own copy of it elsewhere in the
    # sentence (在线 here is the copy of the evidence's 在线, so 网络研修 stands for nothing).
    ("学员完成在线学习后，成果可计入网络研修学时。", ["学员完成在线学习后，成果可计入实践应用学时。"], "contradicted", "object"),
    # 不是，… answers the question; 不能只/不仅 is "not only", no negation.
    ("不是，考核不仅看学习记录，还要看应用情况。", ["考核不仅是学习记录，还要看应用情况。"], "supported", None),
    ("考核不能只看学习记录，还要看应用情况。", ["考核不仅是学习记录，还要看应用情况。"], "supported", None),
    # 研发 for 研制; 明显提高 (one token) for 显著提升.
    ("由专家研发测评工具。", ["组织专家研制测评工具。"], "supported", None),
    ("教师的教学能力明显提高。", ["教师教学能力显著提升。"], "supported", None),
    # 选取 (choosing forms) narrows no group; a verb after a share is what is done, not a group counted.
    ("各校自行组织研修，灵活选取讲座、研讨等形式。", ["学校自主组织研修，灵活选取讲座、研讨等形式。"], "supported", None),
    ("各市按学校数的百分之三十完成全员培训。", ["按各市学校数量30%的进度完成全员培训。"], "supported", None),
    # The action the claim binds to a body is bound to another body in another sentence, and to this one nowhere.
    ("由县教师进修学校成立工作小组。", ["县教育局成立工作小组，负责统筹协调。工作小组下设办公室，办公室设于县教师进修学校，负责具体实施。"],
     "contradicted", "actor"),
    ("由县教育局成立工作小组。", ["县教育局成立工作小组，负责统筹协调。工作小组下设办公室，办公室设于县教师进修学校，负责具体实施。"],
     "supported", None),
    # A place in a document title must be the evidence's; 东部 is not 中西部.
    ("方案依据《浙江省教师培训实施意见》（辽教发〔2020〕3号）。", ["方案依据《辽宁省教师培训实施意见》（辽教发〔2020〕3号）。"],
     "contradicted", "region"),
    ("试点要与东部地区双师教学项目整合。", ["试点要与中西部地区双师教学项目整合。"], "contradicted", "negation"),
    # 整理成 makes what follows; 实际 (actually) adds nothing; an outcome (超过了计划) is something the documents never report.
    ("各校每学期把研修记录整理成总结报给县里。", ["各校每学期将研修记录形成总结报县里。"], "supported", None),
    ("重点看教师实际使用平台的情况。", ["重点看教师使用平台的情况。"], "supported", None),
    ("其中第一年的完成量超过了计划。", ["第一年完成全县教师总数30%的培训任务。"], "unsupported", None),
    # Worded apart from its evidence but anchored by the same date: what it says of whom is still compared.
    ("江苏是2021年就要求全部学校都完成了。", ["2021年，江苏各市不少于40%的学校完成整校推进培训。"], "contradicted", "scope"),
    # 面向…开展, 形成…的格局 frame what follows; 评价 for 评估; 参训 shortens 参加…培训.
    ("面向专任教师开展提升培训。", ["开展专任教师提升培训。"], "supported", None),
    ("要形成人人有任务的格局。", ["形成人人有任务的新机制。"], "supported", None),
    ("重点评价教师解决问题的能力。", ["侧重于评估教师解决问题的能力。"], "supported", None),
    ("教师选三个微能力参训。", ["教师选择3个微能力参加应用能力提升培训。"], "supported", None),
    # The bodies a verb acts on (借鉴省级、市级试点校经验) are not who does what the sentence goes on to say.
    ("区县要按照倾斜乡村的原则遴选学校。", ["借鉴省级、市级试点校经验做法，按照倾斜乡村的原则，遴选不同类型的学校。"],
     "supported", None),
    # A title names a document; it sets no scope for a claim that only shares its words.
    ("培训面向全体中小学教师。", ["《某市中小学教师信息技术应用能力提升工程2.0推进方案》\n重点面向骨干教师开展专项培训。"],
     "unsupported", None),
    # 一百二十万 in Chinese numerals counts people like 110万; 县区教育行政部门 is one body; 手段 for 方式.
    ("全省一百二十万教师完成培训。", ["全省110万教师完成培训。"], "contradicted", "figure"),
    ("县区教育行政部门要开展质量评估。", ["县区级教育行政部门要开展质量评估。"], "supported", None),
    ("通过专家评估等手段做好监管。", ["采取专家评估等方式，做好监管。"], "supported", None),
    # 特别是… singles some out: a claim of all of them widens it.
    ("全体老师都要参加示范课展示。", ["特别是骨干教师、学科带头人要参加示范课展示。"], "contradicted", "scope"),
    ("骨干教师要参加示范课展示。", ["特别是骨干教师、学科带头人要参加示范课展示。"], "supported", None),
    # 提高校本研修 names no 高校: a two-character name beginning inside a word is no name.
    ("校本研修团队由学校组建。", ["学校组建校本研修团队，提高校本研修团队的指导能力。"], "supported", None),
    # A place the clause inherits from its sentence is looked for in the whole passage.
    ("方案以习近平新时代中国特色社会主义思想为指导，围绕大连教育现代化目标要求推进。",
     ["《瓦房店市中小学教师信息技术应用能力提升工程2.0实施方案》\n以习近平新时代中国特色社会主义思想为指导，全面贯彻党的教育方针。"
      "围绕大连教育现代化目标要求，积极推进“互联网+教育”。"], "supported", None),
    # A denial glued to its preposition (不对) denies the verb at the end; 避免拘泥于X denies X.
    ("要收集常态数据，但不对这些数据进行综合分析。",
     ["《实施指南》\n利用平台，收集各校教师教学、教研的常态数据并进行数据综合分析。"], "contradicted", "negation"),
    ("研修要以软件操作学习为重点。",
     ["《江苏意见》\n提升教师发现问题和解决问题的能力，避免拘泥于软件操作学习。"], "contradicted", "negation"),
    # 如有需要 grants leave, like 有需求的; 选学需求 is a noun, not leave to choose.
    ("学校如有需要，可向县里申请使用自有平台。",
     ["《意见》\n有需求的学校可以向县里申请使用自有平台。"], "supported", None),
    ("要求机构的课程资源能满足教师选学。",
     ["《方案》\n遴选课程资源能满足教师个性化选学需求的机构作为培训机构。"], "supported", None),
    # An intensifier (着力) or a reporting verb (主张) adds nothing to check.
    ("方案主张着力提升管理团队的领导能力。",
     ["《方案》\n聚焦有效提升管理团队领导能力。"], "supported", None),
    # A term a document defines (“一划两案”(即…)) is found where its parts are spelled out, and the other way round.
    ("各校要在8月30日前把“一划两案”报市项目办。",
     ["《方案》\n各学校制定信息化教育教学发展规划、校本研修方案与考核方案并于8月30日前报市项目办备案。"], "supported", None),
    ("学校制定发展规划和考核方案并报市项目办。", ["《方案》\n学校制定“一划两案”并报市项目办。"], "supported", None),
    # 可持续 grants no leave; 摸底 for 调研, 通盘 for 全面; 模块 and 主题 are category nouns.
    ("要立足现有平台，避免重复建设。", ["《意见》\n立足现状可持续：立足现有平台，避免重复建设。"], "supported", None),
    ("要全面摸底教师应用信息技术的现状。", ["《方案》\n全面调研了解教师应用信息技术的现状。"], "supported", None),
    ("对培训和考核通盘布局。", ["《指南》\n全面布局培训和考核。"], "supported", None),
    ("这个模块涵盖教育大数据、信息化安全等主题。", ["《方案》\n教育信息化现状与发展趋势 教育大数据 信息化安全"],
     "supported", None),
    # Whose thing it is: 教师年度考核 where the evidence has 校长年度考核 and no 教师.
    ("专项培训参与情况列入督导和教师年度考核内容。", ["《指南》\n将专项培训参与情况列入督导和校长年度考核内容。"],
     "contradicted", "object"),
    # A body right after a verb acting on it (支持中小学校一线教师…) does nothing there: no other doer to differ.
    ("省里支持一线教师开发微课程资源。", ["《方案》\n支持中小学校一线教师开发微课程资源。"], "supported", None),
    # One level for every level: 省级学科带头人 against 各级各类学科带头人.
    ("省级学科带头人要主动走进空中课堂授课。", ["《意见》\n特别是各级各类学科带头人要主动走进空中课堂授课。"],
     "contradicted", "scope"),
    ("各级学科带头人都要主动授课。", ["《意见》\n各级学科带头人要主动授课。"], "supported", None),
    # What the evidence says of some of a group (不具备网络条件的农村学校), given as of the whole group (一律).
    ("农村学校一律采取送教下乡的方式。", ["《方案》\n不具备网络条件的农村学校，采取送教下乡的方式。"],
     "contradicted", "scope"),
    ("不具备网络条件的农村学校都采取送教下乡的方式。", ["《方案》\n不具备网络条件的农村学校，采取送教下乡的方式。"],
     "supported", None),
    ("教师年度考核要看专项培训参与情况。", ["《指南》\n将专项培训参与情况列入校长年度考核和教师年度考核内容。"],
     "supported", None),
    # A title the evidence prints names that document; its words are not claims of their own.
    ("江苏：按照《中共中央国务院关于全面深化新时代教师队伍建设改革的意见》（中发〔2018〕4号）的总体部署，推进提升工程。",
     ["《意见》\n按照《中共中央国务院关于全面深化新时代教师队伍建设改革的意见》（中发〔2018〕4号）的总体部署，结合我省实际，"
      "推进提升工程。"], "supported", None),
    # 总体上 only sums up what follows.
    ("市执行办公室总体上负责校本应用考核的宏观指导。", ["《方案》\n市执行办公室负责宏观指导校本应用考核工作。"],
     "supported", None),
    # A page break of the source cuts a body's name (省教研 / 室): the line goes on in the next one.
    ("督导、考核工作主要由省电化教育馆负责。",
     ["《意见》\n其中省电化教育馆主要负责技术保障、资源建设工作，省教研\n\n\n室主要负责督导、考核等相关工作。"],
     "contradicted", "actor"),
    ("督导、考核工作主要由省教研室负责。",
     ["《意见》\n其中省电化教育馆主要负责技术保障、资源建设工作，省教研\n\n\n室主要负责督导、考核等相关工作。"],
     "supported", None),
    # 决定是否 leaves the task to the doer: against a plain directive it changes the modality.
    ("各校可视自身条件决定是否建立网络研修机制。", ["《方案》\n各校要逐步建立网络研修机制。"], "contradicted", "modality"),
    # 可提升、可检测、可达成的目标 describes the goals; its 可 grants nothing.
    ("学校要制定目标任务。", ["《指南》\n学校要基于本校实际情况，制定可提升、可检测、可达成的目标任务及年度实施计划。"],
     "supported", None),
    ("学校要制定目标任务，年度实施计划则可视情况选择是否制定。",
     ["《指南》\n学校要基于本校实际情况，制定可提升、可检测、可达成的目标任务及年度实施计划。"], "contradicted", "modality"),
    # 市教委 and 区教委 are bodies of different levels; 全过程 is 全程; 不提倡 denies what the evidence supports.
    ("由市教委组织开展信息化领导力专项培训。", ["《方案》\n各区教委要组织开展信息化领导力提升专项培训。"], "contradicted", "actor"),
    ("省级团队线上线下结合、全过程跟进。", ["《指南》\n省级培训团队通过线上线下相结合的方式，全程跟进。"], "supported", None),
    ("但不提倡教师使用手机等移动终端学习。", ["《方案》\n为教师使用手机等移动终端进行便捷有效学习提供有力支持。"],
     "contradicted", "negation"),
    # Denying what the evidence ensures, anchored by the same figure; 另列 carries the denial to what is listed.
    ("不过方案并不要求考核通过率达到100%。", ["《方案》\n学校对未通过的教师进行帮扶，确保考核通过率100%。"],
     "contradicted", "negation"),
    ("各区要建立运行机制，但无需另列任务清单。", ["《指南》\n各区要建立运行机制和任务清单。"], "contradicted", "negation"),
    # 所需经费 sets no precondition (需经 of two words).
    ("整校推进所需经费在生均公用经费中按规定列支。", ["《指南》\n在学校生均公用经费中按规定列支，确保整校推进任务完成。"],
     "supported", None),
    # A bound word before the verb, far from its figure, flipped.
    ("所选的点最多覆盖学情分析、教学设计、学法指导和学业评价中的2个维度。",
     ["《指南》\n所选的点至少覆盖学情分析、教学设计、学法指导和学业评价中的2个维度。"], "contradicted", "limit"),
    # A 1.0 course code given as a 2.0 point's code.
    ("提升工程2.0的微能力点中，技术支持的课堂导入编号是T11。", ["《规范》\nA5 技术支持的课堂导入，学法指导维度。"],
     "contradicted", "programme"),
    # Chosen by a share (按一定比例遴选), given as everyone.
    ("各区对全体教师开展遴选，组建区级指导团队。", ["《方案》\n各区按一定比例遴选，组建区级指导团队。"], "contradicted", "scope"),
    ("各区按一定比例遴选，组建区级指导团队。", ["《方案》\n各区按一定比例遴选，组建区级指导团队。"], "supported", None),
    # Where a body sits (设在/设于), changed.
    ("项目执行办公室设在市电教馆。", ["《方案》\n领导小组下设项目执行办公室，办公室设于市教师进修学校，负责培训的组织落实，"
                                  "整合培训、电教、教研等优质资源。"],
     "contradicted", "actor"),
    ("项目执行办公室设在教师进修学校。", ["《方案》\n领导小组下设项目执行办公室，办公室设于市教师进修学校，负责培训的组织落实。"],
     "supported", None),
    # 选学 names what is chosen; 必须 against 亦可 still differs.
    ("培训机构必须通过购买的方式引进省外优质培训课程供教师选学。", [BUY], "contradicted", "modality"),
    # A bounded small count the evidence does not set (至少两个) is a requirement added, not a summary of a list.
    ("资源要整合一线教师的优秀案例，同时要求每位教师每学期至少上传一个案例。",
     ["《指南》\n通过整合一线教师优秀实践案例资源等方式，丰富课程资源库。"], "unsupported", None),
    ("各校组建的管理团队有两类成员：校长和骨干。", ["《方案》\n各校组建由校长、骨干组成的管理团队。"], "supported", None),
    # The half of a year is part of the date: 下半年 against 上半年 differs; 年底 lies within 下半年.
    ("2021年下半年各区启动试点。", ["《方案》\n2021年上半年各区启动试点。"], "contradicted", "date"),
    ("2021年下半年各区完成培训。", ["《方案》\n2021年底各区完成培训。"], "supported", None),
    # 每学期一次 said on its own before the clause it times: once per the period the evidence gives.
    ("每学期一次，各校要向区里报送研修简报。", ["《方案》\n各校每学期要向区里报送研修简报。"], "supported", None),
    ("每年一次，各校要向区里报送研修简报。", ["《方案》\n各校每学期要向区里报送研修简报。"], "unsupported", None),
    # A word of a quoted name (“…教师自主选学…”的机制) is no permission: the answer's 要 is not contradicted by it.
    ("各校要有培训计划，教师要有学习清单。", ["《方案》\n推行“学校有培训计划、教师自主选学有学习清单”的工作机制。"],
     "supported", None),
    ("各校可以自主决定要不要培训计划。", ["《方案》\n推行“学校有培训计划、教师自主选学有学习清单”的工作机制。"],
     "unsupported", None),
]

# (question, answer, contexts): the answer names what was asked as its topic before saying anything.
ASKED = [
    ("各单位怎么分工？", "分工是：电教馆负责技术保障，教研室负责督导考核。", [DUTIES]),
]


@pytest.fixture(scope="module")
def scorer():
    return FaithfulnessScorer.from_corpus(ROOT / "corpus")


@pytest.mark.parametrize("answer,contexts,verdict,slot", CASES)
def test_verdicts_name_the_slot_that_differs(scorer, answer, contexts, verdict, slot):
    result = scorer.score("问题", answer, contexts)
    claims = result["claims"]
    assert claims, result
    order = {"contradicted": 2, "unsupported": 1, "supported": 0}
    worst = max(claims, key=lambda c: order[c["verdict"]])
    assert worst["verdict"] == verdict, claims
    if slot is not None:
        # Something the contexts do not say at all may be reported as new content or as nothing to align to.
        assert worst["slot"] == slot or (slot == "content" and worst["slot"] == "alignment"), claims
        assert worst["evidence"], claims


@pytest.mark.parametrize("question,answer,contexts", ASKED)
def test_the_topic_the_question_names_is_not_new_content(scorer, question, answer, contexts):
    result = scorer.score(question, answer, contexts)
    assert all(c["verdict"] == "supported" for c in result["claims"]), result["claims"]


def test_no_context_means_nothing_supported(scorer):
    result = scorer.score("问题", "北京要求线上学习25学时。", [])
    assert result["claims"][0]["verdict"] == "unsupported"


def test_framing_and_courtesy_are_not_claims(scorer):
    result = scorer.score("问题", "根据北京方案，培训共计50学时。", [BJ])
    assert result["faithfulness"] == 1.0
    assert "根据北京方案" in result["skipped"]
