//! The Markdown subset articles are written in, parsed into typed blocks.
//!
//! The portal builds DOM nodes from these blocks and never sets HTML from article text, so
//! raw HTML in a body (`<script>`, `<img onerror=…>`) shows as the literal text it is. Links
//! are kept only when they go to another article or to an `https:` page; anything else
//! (`javascript:`, `data:`, protocol-relative) becomes plain text.

/// A block of an article body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    /// `##` is level 2; the page title is the only level 1, so `#` is read as 2 as well.
    Heading {
        level: u8,
        text: Vec<Inline>,
    },
    Paragraph(Vec<Inline>),
    List {
        ordered: bool,
        items: Vec<Vec<Inline>>,
    },
    /// A `>` block: used for the "not a substitute for a doctor's advice" note.
    Quote(Vec<Inline>),
    Rule,
}

/// Text inside a block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Inline {
    Text(String),
    Strong(String),
    Emphasis(String),
    Code(String),
    Link { text: String, to: Link },
}

/// Where a kept link goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Link {
    /// Another article, by slug (`/articles/<slug>` or `article:<slug>`).
    Article(String),
    /// An `https:` page, opened in a new tab without access to this one.
    External(String),
}

/// Parses an article body. Never fails: what is not understood is text.
pub fn parse(source: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut para: Vec<&str> = Vec::new();
    let mut quote: Vec<&str> = Vec::new();
    let mut list: Option<(bool, Vec<String>)> = None;

    let flush = |blocks: &mut Vec<Block>,
                 para: &mut Vec<&str>,
                 quote: &mut Vec<&str>,
                 list: &mut Option<(bool, Vec<String>)>| {
        if !para.is_empty() {
            blocks.push(Block::Paragraph(inline(&join_lines(para))));
            para.clear();
        }
        if !quote.is_empty() {
            blocks.push(Block::Quote(inline(&join_lines(quote))));
            quote.clear();
        }
        if let Some((ordered, items)) = list.take() {
            blocks.push(Block::List { ordered, items: items.iter().map(|t| inline(t)).collect() });
        }
    };

    for raw in source.lines() {
        let line = raw.trim();
        if line.is_empty() {
            flush(&mut blocks, &mut para, &mut quote, &mut list);
            continue;
        }
        if let Some((level, text)) = heading(line) {
            flush(&mut blocks, &mut para, &mut quote, &mut list);
            blocks.push(Block::Heading { level, text: inline(text) });
        } else if is_rule(line) {
            flush(&mut blocks, &mut para, &mut quote, &mut list);
            blocks.push(Block::Rule);
        } else if let Some(text) = line.strip_prefix('>') {
            if quote.is_empty() {
                flush(&mut blocks, &mut para, &mut quote, &mut list);
            }
            quote.push(text.trim_start());
        } else if let Some((ordered, text)) = list_item(line) {
            if !para.is_empty() || !quote.is_empty() || list.as_ref().is_some_and(|(o, _)| *o != ordered) {
                flush(&mut blocks, &mut para, &mut quote, &mut list);
            }
            list.get_or_insert_with(|| (ordered, Vec::new())).1.push(text.to_string());
        } else if !quote.is_empty() {
            quote.push(line);
        } else if let Some((_, items)) = list.as_mut().filter(|_| raw.starts_with(' ')) {
            // An indented continuation of the last item.
            if let Some(last) = items.last_mut() {
                let sep = separator(last, line);
                last.push_str(&sep);
                last.push_str(line);
            }
        } else {
            if list.is_some() {
                flush(&mut blocks, &mut para, &mut quote, &mut list);
            }
            para.push(line);
        }
    }
    flush(&mut blocks, &mut para, &mut quote, &mut list);
    blocks
}

/// All the text of some inlines, markup dropped (for summaries and re-joining).
pub fn plain(spans: &[Inline]) -> String {
    spans
        .iter()
        .map(|s| match s {
            Inline::Text(t) | Inline::Strong(t) | Inline::Emphasis(t) | Inline::Code(t) => t.as_str(),
            Inline::Link { text, .. } => text.as_str(),
        })
        .collect()
}

/// The words of a body without markup, one block per line (for the search index).
pub fn plain_text(source: &str) -> String {
    parse(source)
        .iter()
        .map(|b| match b {
            Block::Heading { text, .. } | Block::Paragraph(text) | Block::Quote(text) => plain(text),
            Block::List { items, .. } => items.iter().map(|i| plain(i)).collect::<Vec<_>>().join("\n"),
            Block::Rule => String::new(),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn heading(line: &str) -> Option<(u8, &str)> {
    let hashes = line.bytes().take_while(|b| *b == b'#').count();
    if hashes == 0 || hashes > 6 {
        return None;
    }
    let rest = &line[hashes..];
    if !rest.starts_with(' ') {
        return None;
    }
    Some(((hashes as u8).clamp(2, 4), rest.trim()))
}

fn is_rule(line: &str) -> bool {
    let compact: String = line.chars().filter(|c| !c.is_whitespace()).collect();
    compact.len() >= 3 && (compact.chars().all(|c| c == '-') || compact.chars().all(|c| c == '*'))
}

fn list_item(line: &str) -> Option<(bool, &str)> {
    for bullet in ["- ", "* ", "+ "] {
        if let Some(rest) = line.strip_prefix(bullet) {
            return Some((false, rest.trim()));
        }
    }
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0 && digits <= 3 {
        let rest = &line[digits..];
        if let Some(rest) = rest.strip_prefix(". ").or_else(|| rest.strip_prefix(") ")) {
            return Some((true, rest.trim()));
        }
    }
    None
}

/// Lines of one paragraph: Chinese text runs on without a space, other text gets one.
fn join_lines(lines: &[&str]) -> String {
    let mut out = String::new();
    for line in lines {
        out.push_str(&separator(&out, line));
        out.push_str(line);
    }
    out
}

fn separator(before: &str, next: &str) -> String {
    let cjk = |c: Option<char>| c.is_some_and(|c| c as u32 >= 0x2E80);
    if before.is_empty() || cjk(before.chars().last()) || cjk(next.chars().next()) {
        String::new()
    } else {
        " ".into()
    }
}

/// Inline markup: `**strong**`, `*emphasis*`, `` `code` ``, `[text](target)`, `\` escapes.
fn inline(text: &str) -> Vec<Inline> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut buf = String::new();
    let mut i = 0;
    let push_text = |out: &mut Vec<Inline>, buf: &mut String| {
        if !buf.is_empty() {
            out.push(Inline::Text(std::mem::take(buf)));
        }
    };
    while i < chars.len() {
        let c = chars[i];
        if c == '\\' && i + 1 < chars.len() && chars[i + 1].is_ascii_punctuation() {
            buf.push(chars[i + 1]);
            i += 2;
            continue;
        }
        if c == '*' && chars.get(i + 1) == Some(&'*') {
            if let Some(end) = find(&chars, i + 2, &['*', '*']) {
                push_text(&mut out, &mut buf);
                out.push(Inline::Strong(chars[i + 2..end].iter().collect()));
                i = end + 2;
                continue;
            }
        } else if c == '*' || c == '`' {
            if let Some(end) = find(&chars, i + 1, &[c]).filter(|e| *e > i + 1) {
                push_text(&mut out, &mut buf);
                let inner: String = chars[i + 1..end].iter().collect();
                out.push(if c == '*' { Inline::Emphasis(inner) } else { Inline::Code(inner) });
                i = end + 1;
                continue;
            }
        } else if c == '[' {
            if let Some((label, target, next)) = link_at(&chars, i) {
                push_text(&mut out, &mut buf);
                match safe_target(&target) {
                    Some(to) => out.push(Inline::Link { text: label, to }),
                    None => out.push(Inline::Text(label)),
                }
                i = next;
                continue;
            }
        }
        buf.push(c);
        i += 1;
    }
    push_text(&mut out, &mut buf);
    out
}

fn find(chars: &[char], from: usize, pattern: &[char]) -> Option<usize> {
    (from..chars.len().saturating_sub(pattern.len() - 1)).find(|&k| chars[k..k + pattern.len()] == *pattern)
}

/// `[label](target)` starting at `start`: the label, the target and the index after `)`.
fn link_at(chars: &[char], start: usize) -> Option<(String, String, usize)> {
    let close = find(chars, start + 1, &[']'])?;
    if chars.get(close + 1) != Some(&'(') {
        return None;
    }
    let end = find(chars, close + 2, &[')'])?;
    let label: String = chars[start + 1..close].iter().collect();
    let target: String = chars[close + 2..end].iter().collect();
    Some((label, target.trim().to_string(), end + 1))
}

fn safe_target(target: &str) -> Option<Link> {
    if let Some(slug) = target.strip_prefix("/articles/").or_else(|| target.strip_prefix("article:")) {
        return crate::articles::is_valid_slug(slug).then(|| Link::Article(slug.to_string()));
    }
    let lower = target.to_ascii_lowercase();
    let ok = lower.starts_with("https://")
        && target.len() <= 500
        && !target.chars().any(|c| c.is_whitespace() || c.is_control() || c == '"' || c == '<' || c == '>');
    ok.then(|| Link::External(target.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Inline {
        Inline::Text(s.into())
    }

    #[test]
    fn blocks_of_a_typical_article() {
        let md = "## 测量前\n\n- 不吸烟\n- 排空**膀胱**\n\n每次测 2 次，\n取平均值。\n\n1. 早上\n2. 晚上\n\n> 本文为一般健康知识，\n> 不能代替医生的建议。\n\n---";
        assert_eq!(
            parse(md),
            vec![
                Block::Heading { level: 2, text: vec![text("测量前")] },
                Block::List {
                    ordered: false,
                    items: vec![vec![text("不吸烟")], vec![text("排空"), Inline::Strong("膀胱".into())]]
                },
                Block::Paragraph(vec![text("每次测 2 次，取平均值。")]),
                Block::List { ordered: true, items: vec![vec![text("早上")], vec![text("晚上")]] },
                Block::Quote(vec![text("本文为一般健康知识，不能代替医生的建议。")]),
                Block::Rule,
            ]
        );
    }

    #[test]
    fn english_lines_join_with_a_space_and_headings_stay_below_the_title() {
        assert_eq!(
            parse("# Title\nTake it\nwith *food*."),
            vec![
                Block::Heading { level: 2, text: vec![text("Title")] },
                Block::Paragraph(vec![text("Take it with "), Inline::Emphasis("food".into()), text(".")]),
            ]
        );
    }

    #[test]
    fn raw_html_stays_text() {
        let blocks = parse("<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>");
        assert_eq!(
            blocks,
            vec![
                Block::Paragraph(vec![text("<script>alert(1)</script>")]),
                Block::Paragraph(vec![text("<img src=x onerror=alert(1)>")]),
            ]
        );
    }

    #[test]
    fn only_article_and_https_links_are_kept() {
        let blocks = parse(
            "[a](/articles/insulin-storage) [b](https://www.nmpa.gov.cn/) [c](javascript:alert(1)) \
             [d](JAVASCRIPT:x) [e](data:text/html,x) [f](//evil.example) [g](http://plain.example) [h](/articles/../x)",
        );
        let Block::Paragraph(spans) = &blocks[0] else { panic!("{blocks:?}") };
        let links: Vec<&Link> =
            spans.iter().filter_map(|s| if let Inline::Link { to, .. } = s { Some(to) } else { None }).collect();
        assert_eq!(
            links,
            vec![&Link::Article("insulin-storage".into()), &Link::External("https://www.nmpa.gov.cn/".into())]
        );
        // Refused links keep their words, so nothing the author wrote disappears.
        assert!(plain(spans).contains('c') && plain(spans).contains('h'));
    }

    #[test]
    fn plain_text_drops_markup_and_link_targets() {
        assert_eq!(plain_text("## 标题\n\n- **粗体**\n- [链接](https://x.example/y)\n\n---"), "标题\n粗体\n链接\n");
    }

    #[test]
    fn escapes_and_unclosed_markers_are_literal() {
        assert_eq!(parse(r"5 \* 2 = 10, a * b"), vec![Block::Paragraph(vec![text("5 * 2 = 10, a * b")])]);
        assert_eq!(parse("**open"), vec![Block::Paragraph(vec![text("**open")])]);
        assert_eq!(parse("`x`"), vec![Block::Paragraph(vec![Inline::Code("x".into())])]);
    }

    #[test]
    fn indented_lines_continue_a_list_item() {
        assert_eq!(
            parse("- first\n  continued\n- second"),
            vec![Block::List { ordered: false, items: vec![vec![text("first continued")], vec![text("second")]] }]
        );
    }

    #[test]
    fn empty_and_odd_input_never_panics() {
        assert!(parse("").is_empty());
        for s in ["#", "#no-space", "[", "[a](", "*", "**", "1.", "-", ">", "\\", "[a]", "```"] {
            let _ = parse(s);
        }
        assert_eq!(parse("#no-space"), vec![Block::Paragraph(vec![text("#no-space")])]);
    }
}
