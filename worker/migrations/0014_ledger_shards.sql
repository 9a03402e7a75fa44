-- The consent ledger lives in Durable Object shards (worker/src/ledger/). Per site: how many shards
-- new decisions are spread over (it may only grow: a subject keeps its older decisions in the shard
-- it had under each earlier count), every count the site has had (readers ask each of them), and
-- the site's cap on public writes.
--
-- Default cap: a site with 10 M page views a day makes at most about one decision per view, so
-- 10,000,000 / 86,400 s ≈ 116 writes/s on average (≈ 7,000 a minute); traffic peaks at 5–10× the
-- average, ≈ 70,000 a minute, so 100,000 a minute does not refuse such a site at its peak.
ALTER TABLE sites ADD COLUMN ledger_shards INTEGER NOT NULL DEFAULT 1 CHECK (ledger_shards BETWEEN 1 AND 64);
ALTER TABLE sites ADD COLUMN ledger_shard_history TEXT NOT NULL DEFAULT '[1]';
ALTER TABLE sites ADD COLUMN writes_per_minute INTEGER NOT NULL DEFAULT 100000 CHECK (writes_per_minute BETWEEN 1 AND 100000000);
