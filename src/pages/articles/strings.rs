//! The article screens' words, in Chinese and English.
use crate::i18n::Locale;
use crate::prefs::use_prefs;
use leptos::prelude::*;

pub struct ArticleStrings {
    pub search_label: &'static str,
    pub search_placeholder: &'static str,
    pub search: &'static str,
    pub clear: &'static str,
    pub topics: &'static str,
    pub all_topics: &'static str,
    pub for_you: &'static str,
    pub for_you_hint: &'static str,
    pub load_more: &'static str,
    pub no_results: &'static str,
    pub saved: &'static str,
    pub saved_none: &'static str,
    pub bookmark: &'static str,
    pub bookmarked: &'static str,
    pub bookmark_failed: &'static str,
    pub progress: &'static str,
    pub read_done: &'static str,
    pub offline_copy: &'static str,
    pub offline_recent: &'static str,
    pub related: &'static str,
    pub new_tab: &'static str,
    pub chinese_only: &'static str,
    pub in_chinese: &'static str,
    pub back: &'static str,
}

pub const ZH: ArticleStrings = ArticleStrings {
    search_label: "搜索健康资讯",
    search_placeholder: "如：血压、低血糖、他汀",
    search: "搜索",
    clear: "清除",
    topics: "按主题浏览",
    all_topics: "全部",
    for_you: "与您的用药相关",
    for_you_hint: "根据您用药计划中的药品推荐，可在“我的 › 隐私设置”中关闭。",
    load_more: "加载更多",
    no_results: "没有找到相关文章，换个词试试？",
    saved: "我的收藏",
    saved_none: "还没有收藏的文章。阅读时点“收藏”，就能在这里找到。",
    bookmark: "收藏",
    bookmarked: "已收藏",
    bookmark_failed: "网络不稳定，收藏没有成功，请稍后再试。",
    progress: "已读 {}%",
    read_done: "已读完",
    offline_copy: "当前没有网络，显示的是保存在本机的副本。",
    offline_recent: "当前没有网络。下面是您最近读过、可以离线阅读的文章：",
    related: "相关文章",
    new_tab: "（在新窗口打开）",
    chinese_only: "本文暂无英文版，以下为中文原文。",
    in_chinese: "中文",
    back: "返回资讯列表",
};

pub const EN: ArticleStrings = ArticleStrings {
    search_label: "Search health articles",
    search_placeholder: "e.g. blood pressure, statin",
    search: "Search",
    clear: "Clear",
    topics: "Browse by topic",
    all_topics: "All",
    for_you: "Related to your medicines",
    for_you_hint: "Suggested from the medicines in your schedule. Turn this off in Me › Privacy.",
    load_more: "Load more",
    no_results: "No articles found. Try another word?",
    saved: "Saved articles",
    saved_none: "No saved articles yet. Tap “Save” while reading to keep one here.",
    bookmark: "Save",
    bookmarked: "Saved",
    bookmark_failed: "The connection dropped and the article was not saved. Please try again.",
    progress: "{}% read",
    read_done: "Read",
    offline_copy: "You are offline. This is the copy kept on this device.",
    offline_recent: "You are offline. Articles you read recently can still be read:",
    related: "Related articles",
    new_tab: " (opens in a new tab)",
    chinese_only: "This article is not yet available in English; the Chinese original follows.",
    in_chinese: "In Chinese",
    back: "Back to articles",
};

pub fn use_article_strings() -> impl Fn() -> &'static ArticleStrings + Copy {
    let locale = use_prefs().locale;
    move || if locale.get() == Locale::En { &EN } else { &ZH }
}
