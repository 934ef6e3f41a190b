-- Articles: credential and cover split out, one row per tag for filtering and "for you",
-- full-text search, bookmarks. Surveys as data, invitations (shown once), answers.
-- Feedback with replies. The member's privacy choices.

ALTER TABLE articles ADD COLUMN credential TEXT NOT NULL DEFAULT '';
ALTER TABLE articles ADD COLUMN cover TEXT NOT NULL DEFAULT '';

CREATE TABLE article_tags (
    slug TEXT NOT NULL,
    lang TEXT NOT NULL,
    tag  TEXT NOT NULL,
    PRIMARY KEY (slug, lang, tag),
    FOREIGN KEY (slug, lang) REFERENCES articles(slug, lang) ON DELETE CASCADE
);
CREATE INDEX article_tags_tag ON article_tags(tag, lang);

-- Trigram tokens match Chinese (no word breaks) and English alike; terms under three
-- characters fall back to LIKE on the same table. The body is indexed as plain text
-- (markup stripped), written by the app when it publishes.
CREATE VIRTUAL TABLE articles_fts USING fts5(
    slug UNINDEXED, lang UNINDEXED, title, summary, body, tags, tokenize = 'trigram'
);

-- Articles published before this migration: tags split into rows, bodies indexed as written
-- (publishing again indexes them as plain text).
WITH RECURSIVE split(slug, lang, tag, rest) AS (
    SELECT slug, lang, '', tags || ',' FROM articles
    UNION ALL
    SELECT slug, lang, substr(rest, 1, instr(rest, ',') - 1), substr(rest, instr(rest, ',') + 1) FROM split WHERE rest <> ''
)
INSERT OR IGNORE INTO article_tags (slug, lang, tag) SELECT slug, lang, tag FROM split WHERE tag <> '';
INSERT INTO articles_fts (slug, lang, title, summary, body, tags)
    SELECT slug, lang, title, summary, body_md, replace(tags, ',', ' ') FROM articles;

CREATE TABLE bookmarks (
    member_id  TEXT NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    slug       TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (member_id, slug)
);

ALTER TABLE members ADD COLUMN personalised_recommendations INTEGER NOT NULL DEFAULT 1;

CREATE TABLE surveys (
    id            TEXT PRIMARY KEY,
    kind          TEXT NOT NULL,            -- nps | rating
    question_zh   TEXT NOT NULL,
    question_en   TEXT NOT NULL,
    points        BIGINT NOT NULL,
    cooldown_days INTEGER NOT NULL,
    priority      INTEGER NOT NULL,         -- lower is asked first
    active        INTEGER NOT NULL DEFAULT 1
);

-- An invitation is the survey shown to a member once; shown counts, answered or not.
CREATE TABLE survey_invitations (
    id           TEXT PRIMARY KEY,
    survey_id    TEXT NOT NULL REFERENCES surveys(id),
    member_id    TEXT NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    moment       TEXT NOT NULL,
    shown_at     BIGINT NOT NULL,
    dismissed_at BIGINT
);
CREATE INDEX survey_invitations_member ON survey_invitations(member_id, survey_id, shown_at);

CREATE TABLE survey_responses (
    invitation_id TEXT PRIMARY KEY REFERENCES survey_invitations(id) ON DELETE CASCADE,
    survey_id     TEXT NOT NULL REFERENCES surveys(id),
    member_id     TEXT NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    score         INTEGER NOT NULL,
    reason        TEXT,
    points        BIGINT NOT NULL,
    created_at    BIGINT NOT NULL
);
CREATE INDEX survey_responses_survey_time ON survey_responses(survey_id, created_at);

CREATE TABLE feedback (
    id              TEXT PRIMARY KEY,
    member_id       TEXT NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    idempotency_key TEXT NOT NULL,
    category        TEXT NOT NULL,
    major           INTEGER NOT NULL,
    body            TEXT NOT NULL,
    photo_path      TEXT,
    status          TEXT NOT NULL,
    created_at      BIGINT NOT NULL,
    reply_due       BIGINT NOT NULL,
    UNIQUE (member_id, idempotency_key)
);
CREATE INDEX feedback_member_time ON feedback(member_id, created_at);
CREATE INDEX feedback_open_due ON feedback(status, reply_due);

CREATE TABLE feedback_replies (
    id          TEXT PRIMARY KEY,
    feedback_id TEXT NOT NULL REFERENCES feedback(id) ON DELETE CASCADE,
    author      TEXT NOT NULL,
    body        TEXT NOT NULL,
    created_at  BIGINT NOT NULL
);
CREATE INDEX feedback_replies_feedback ON feedback_replies(feedback_id, created_at);

INSERT INTO surveys (id, kind, question_zh, question_en, points, cooldown_days, priority) VALUES
 ('nps', 'nps', '您有多大可能向亲友推荐我们的药房？',
  'How likely are you to recommend our pharmacy to a friend or family member?', 50, 90, 1),
 ('service', 'rating', '您对我们这次的服务满意吗？',
  'How satisfied were you with our service this time?', 50, 30, 2);
