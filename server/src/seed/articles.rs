//! Demo health articles (dev mode), written for this project: factual, general guidance,
//! each ending with the "not a substitute for a doctor's advice" note. The texts live in
//! `seed/articles/<slug>.<lang>.md` with a small `key: value` header above `---`.

use api::articles::ArticleInput;

/// One seeded article and how many days before seeding it was published.
#[derive(Debug, Clone, PartialEq)]
pub struct SeedArticle {
    pub slug: String,
    pub article: ArticleInput,
    pub days_ago: i64,
}

macro_rules! files {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("../../seed/articles/", $name, ".md")))),*]
    };
}

const FILES: &[(&str, &str)] = files![
    "home-blood-pressure.zh-CN",
    "home-blood-pressure.en",
    "insulin-storage.zh-CN",
    "many-medicines-older-adults.zh-CN",
    "hypoglycaemia.zh-CN",
    "hypoglycaemia.en",
    "statin-timing.zh-CN",
    "statin-timing.en",
    "missed-dose.zh-CN",
    "missed-dose.en",
    "warfarin-diet.zh-CN",
    "pregnancy-medicines.zh-CN",
    "falls-and-medicines.zh-CN",
    "metformin-faq.zh-CN",
    "low-salt.zh-CN",
    "medicine-storage-home.zh-CN",
    "medicine-storage-home.en",
    "antibiotics.zh-CN",
];

/// Every seeded article, parsed. Panics on a malformed file: they are compiled in, so the
/// unit test below catches it before anything runs.
pub fn articles() -> Vec<SeedArticle> {
    FILES
        .iter()
        .map(|(name, text)| parse(name, text).unwrap_or_else(|e| panic!("seed/articles/{name}.md: {e}")))
        .collect()
}

fn parse(name: &str, text: &str) -> Result<SeedArticle, String> {
    let (slug, lang) = name.split_once('.').ok_or("name is not <slug>.<lang>")?;
    let (header, body) = text.split_once("\n---\n").ok_or("no --- line after the header")?;
    let field = |key: &str| {
        header
            .lines()
            .find_map(|l| l.strip_prefix(key).and_then(|r| r.strip_prefix(':')).map(|v| v.trim().to_string()))
            .ok_or(format!("missing {key}"))
    };
    let number = |key: &str| field(key)?.parse::<i64>().map_err(|e| format!("{key}: {e}"));
    let tags: Vec<String> = field("tags")?.split(',').map(|t| t.trim().to_string()).collect();
    let article = ArticleInput {
        lang: lang.into(),
        title: field("title")?,
        summary: field("summary")?,
        body_md: body.trim().to_string(),
        author: field("author")?,
        credential: field("credential")?,
        tags,
    };
    match article.problem() {
        Some(problem) => Err(problem),
        None => Ok(SeedArticle { slug: slug.into(), article, days_ago: number("days_ago")? }),
    }
}

#[cfg(test)]
mod tests {
    use api::articles::is_valid_slug;
    use api::markdown::{parse, Block, Inline, Link};

    use super::articles;

    #[test]
    fn every_article_is_well_formed_and_carries_the_advice_note() {
        let all = articles();
        assert!(all.iter().filter(|a| a.article.lang == "zh-CN").count() >= 12);
        assert!(all.iter().filter(|a| a.article.lang == "en").count() >= 4);
        for s in &all {
            let a = &s.article;
            assert!(is_valid_slug(&s.slug), "{}", s.slug);
            let blocks = parse(&a.body_md);
            let note = match blocks.last() {
                Some(Block::Quote(spans)) => api::markdown::plain(spans),
                other => panic!("{} {}: ends with {other:?}", s.slug, a.lang),
            };
            assert!(note.contains("不能代替医生") || note.contains("not a substitute"), "{}: {note}", s.slug);
            // Every link to another article resolves.
            for b in &blocks {
                let spans: Vec<&Inline> = match b {
                    Block::Paragraph(s) | Block::Quote(s) => s.iter().collect(),
                    Block::List { items, .. } => items.iter().flatten().collect(),
                    _ => vec![],
                };
                for span in spans {
                    if let Inline::Link { to: Link::Article(slug), .. } = span {
                        assert!(all.iter().any(|x| &x.slug == slug), "{} links to missing {slug}", s.slug);
                    }
                }
            }
        }
        // An English version always has a Chinese original.
        for a in all.iter().filter(|a| a.article.lang == "en") {
            assert!(all.iter().any(|z| z.slug == a.slug && z.article.lang == "zh-CN"), "{}", a.slug);
        }
    }
}
