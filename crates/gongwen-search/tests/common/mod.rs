//! Fixtures shared by the integration tests.
#![allow(dead_code)]

use gongwen_store::{FileInput, SqliteStore, Store};

pub const OLD: &str = "某市人民政府\n\n关于印发某市停车管理办法的通知\n\n某政〔2018〕9号\n\n各县（区）人民政府：\n\n现将《某市停车管理办法》印发给你们，请认真遵照执行。\n\n某市人民政府\n\n2018年6月1日\n\n某市停车管理办法\n\n第一条　为规范停车秩序，制定本办法。\n\n第二条　停车场经营者应当：\n（一）公示收费标准；\n（二）保持设施完好，按职责分工负责日常巡查。\n\n第三条　本办法自2018年7月1日起施行，有效期5年。\n";

pub const NEW: &str = "某市人民政府\n\n关于印发某市停车服务管理办法的通知\n\n某政〔2021〕3号\n\n各县（区）人民政府：\n\n现将《某市停车服务管理办法》印发给你们，请认真遵照执行。\n\n某市人民政府\n\n2021年3月1日\n\n某市停车服务管理办法\n\n第一条　为规范停车服务，根据《某市停车管理办法》（某政〔2018〕9号），制定本办法。\n\n第二条　本办法自2021年4月1日起施行。《某市停车管理办法》（某政〔2018〕9号）同时废止。\n";

pub const PLAN: &str = "廊坊市人民政府办公室\n\n关于印发廊坊市大气污染防治工作方案的通知\n\n廊政办〔2015〕11号\n\n各县（市、区）人民政府，市政府有关部门：\n\n《廊坊市大气污染防治工作方案》已经市政府同意，现印发给你们，请认真贯彻执行。\n\n廊坊市人民政府办公室\n\n2015年3月2日\n\n廊坊市大气污染防治工作方案\n\n一、总体要求\n\n坚持标本兼治，突出重点，全面改善空气质量。\n\n二、重点任务\n\n（一）整治燃煤锅炉。2015年底前淘汰城区10蒸吨以下燃煤锅炉。（牵头单位：市发改委；责任单位：市财政局）\n\n（二）控制扬尘污染。各县要加强施工工地管理，严禁<script>alert(1)</script>式的违规作业。（牵头单位：市住建局）\n\n三、保障措施\n\n各部门要密切配合，形成合力。\n";

pub const OTHER: &str = "廊坊市人民政府\n\n关于加强城市供水管理的通知\n\n廊政〔2015〕11号\n\n各县（市、区）人民政府：\n\n为保障城市供水安全，现就有关事项通知如下：\n\n一、加强水源保护，严禁在水源保护区内新建排污口。\n\n二、各有关部门要按职责分工负责，抓好落实。\n\n廊坊市人民政府\n\n2015年5月8日\n";

pub fn ingest(s: &mut SqliteStore, name: &str, text: &str) {
    let parsed = gongwen_core::parse_bytes(name, text.as_bytes()).expect("parse");
    s.ingest(&FileInput {
        path: name,
        name,
        bytes: text.as_bytes(),
        parsed: &parsed,
    })
    .expect("ingest");
}

pub fn store() -> SqliteStore {
    let mut s = SqliteStore::in_memory().expect("store");
    ingest(&mut s, "old.txt", OLD);
    ingest(&mut s, "new.txt", NEW);
    ingest(&mut s, "plan.txt", PLAN);
    ingest(&mut s, "other.txt", OTHER);
    s
}
