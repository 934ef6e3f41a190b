//! Several instances on one PostgreSQL database: two server processes (no OCR of their own)
//! and OCR worker processes, sharing the database and the uploads directory.
//!
//! Clients spread concurrent redemptions, dose logs and uploads over both instances — the
//! same idempotency key or dose id sent to both at once, as a retry through a load balancer
//! would — and the books must be exact afterwards. One OCR worker is SIGKILLed mid-job; its
//! job is taken over once the lease runs out, and every job's result is recorded once. One
//! stopped with SIGTERM hands its job back at once.
//! Also measures requests per second through one instance and through two.
//!
//! Needs `PORTAL_TEST_PG` (scripts/pg.sh starts a throwaway cluster); `make test` runs it as
//! a layer of its own (`cargo test -p server --test scale_out -- --ignored`).

use std::collections::{BTreeMap, BTreeSet};
use std::ffi::OsString;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::helpers::processes::{enrol, env_or, free_port, Member, Server};
use reqwest::Client;
use serde_json::json;

/// Flags every process of the deployment shares.
fn shared(database_url: &str, uploads: &Path) -> Vec<OsString> {
    vec!["--database-url".into(), database_url.into(), "--uploads-dir".into(), uploads.into()]
}

/// `server ocr-worker`: killed (SIGKILL) on drop.
struct Worker(Child);

impl Worker {
    fn start(data: &Path, shared: &[OsString]) -> Worker {
        let child = Command::new(env!("CARGO_BIN_EXE_server"))
            .args(["--mode", "dev", "--data-dir"])
            .arg(data)
            .args(shared)
            .arg("ocr-worker")
            .env("RUST_LOG", "warn")
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("worker binary");
        Worker(child)
    }

    fn kill(&mut self) {
        self.0.kill().expect("SIGKILL");
        self.0.wait().expect("reaped");
    }

    /// SIGTERM (what an orchestrator sends first) and the exit it leads to.
    fn terminate(&mut self) {
        let sent = Command::new("kill").arg("-TERM").arg(self.0.id().to_string()).status().expect("kill");
        assert!(sent.success());
        let status = self.0.wait().expect("reaped");
        assert!(status.success(), "a worker stops cleanly on SIGTERM: {status}");
    }
}

impl Drop for Worker {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Mixed member traffic (home, schedule, points, coupons, dose logs) from `clients` tasks for
/// `secs`, round-robin over `bases`. Returns requests per second; any non-2xx fails the test.
async fn throughput(bases: &[String], members: &[Arc<Member>], clients: usize, secs: u64) -> f64 {
    let http = Client::builder().pool_max_idle_per_host(256).build().unwrap();
    let count = Arc::new(AtomicU64::new(0));
    let deadline = Instant::now() + Duration::from_secs(secs);
    let mut tasks = Vec::new();
    for c in 0..clients {
        let (http, count, bases) = (http.clone(), count.clone(), bases.to_vec());
        let m = members[c % members.len()].clone();
        tasks.push(tokio::spawn(async move {
            let mut step = c;
            while Instant::now() < deadline {
                step += 1;
                let base = &bases[step % bases.len()];
                let req = match step % 6 {
                    5 => http.post(format!("{base}/api/v1/doses")).json(
                        &json!({"id": format!("through-{c}-{step}"), "medication_id": m.medication, "action": "taken"}),
                    ),
                    n => http.get(format!(
                        "{base}{}",
                        ["/api/v1/home", "/api/v1/schedule", "/api/v1/points", "/api/v1/coupons", "/api/v1/me"][n]
                    )),
                };
                let res = req.bearer_auth(&m.token).send().await.expect("request");
                let status = res.status();
                assert!(status.is_success(), "throughput request: {status} {}", res.text().await.unwrap_or_default());
                count.fetch_add(1, Ordering::Relaxed);
            }
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }
    count.load(Ordering::Relaxed) as f64 / secs as f64
}

async fn pg(url: &str) -> sqlx::AnyConnection {
    use sqlx::Connection;
    sqlx::any::install_default_drivers();
    sqlx::AnyConnection::connect(url).await.expect("connect to the test database")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "several server processes on PostgreSQL: its own layer in make test"]
async fn two_instances_and_two_workers_share_one_database_exactly() {
    let database_url = crate::helpers::fresh_pg_database()
        .await
        .expect("PORTAL_TEST_PG must name a PostgreSQL server (scripts/pg.sh)");
    let root = tempfile::tempdir().unwrap();
    let uploads = root.path().join("shared-uploads");
    let flags = shared(&database_url, &uploads);
    let mut api_flags = flags.clone();
    api_flags.extend(["--ocr-workers".into(), "0".into()]);
    // The first instance migrates and seeds; the second finds it done (they take turns).
    let a = Server::start_with(&root.path().join("a"), free_port(), &api_flags).await;
    let b = Server::start_with(&root.path().join("b"), free_port(), &api_flags).await;
    let bases = [a.base.clone(), b.base.clone()];
    for base in &bases {
        let ready = Client::new().get(format!("{base}/readyz")).send().await.unwrap();
        assert_eq!(ready.status(), 200, "{base} ready");
    }

    // Members enrolled through either instance; sessions made on one work on the other.
    let http = Client::new();
    let mut members = Vec::new();
    for i in 0..24 {
        members.push(Arc::new(enrol(&http, &bases[i % 2], 3000 + i).await));
    }

    // Stateless: a login code's attempts count across instances, and a session ended on one
    // instance is refused by the other at once.
    let phone = "13900009999";
    let post = |base: &str, path: &str| http.post(format!("{base}{path}")).header("x-forwarded-for", "10.99.0.1");
    let registered = post(&bases[0], "/api/v1/admin/members")
        .bearer_auth(crate::helpers::processes::ADMIN)
        .json(&json!({"phone": phone, "name": "多实例"}))
        .send()
        .await
        .unwrap();
    assert_eq!(registered.status(), 201);
    let code: serde_json::Value =
        post(&bases[0], "/api/v1/auth/code").json(&json!({"phone": phone})).send().await.unwrap().json().await.unwrap();
    let code = code["dev_code"].as_str().unwrap().to_string();
    let wrong = format!("{:06}", (code.parse::<u32>().unwrap() + 1) % 1_000_000);
    for i in 0..server::auth::MAX_CODE_ATTEMPTS as usize {
        let res = post(&bases[i % 2], "/api/v1/auth/login").json(&json!({"phone": phone, "code": wrong})).send().await;
        assert!(res.unwrap().status().is_client_error(), "wrong code {i} refused");
    }
    let late = post(&bases[1], "/api/v1/auth/login").json(&json!({"phone": phone, "code": code})).send().await.unwrap();
    assert!(
        late.status().is_client_error(),
        "the right code after the limit, on the other instance: {}",
        late.status()
    );
    let me = |base: &str, token: &str| http.get(format!("{base}/api/v1/me")).bearer_auth(token.to_string()).send();
    assert_eq!(me(&bases[1], &members[0].token).await.unwrap().status(), 200);
    let extra = enrol(&http, &bases[0], 3999).await;
    assert_eq!(me(&bases[1], &extra.token).await.unwrap().status(), 200, "a session from A works on B");
    let out = http.post(format!("{}/api/v1/auth/logout", bases[0])).bearer_auth(&extra.token).send().await.unwrap();
    assert!(out.status().is_success());
    assert_eq!(me(&bases[1], &extra.token).await.unwrap().status(), 401, "logged out on A: refused by B");

    // Throughput: the same traffic through one instance, then through both.
    let secs = env_or("SCALE_SECS", 10);
    let one = throughput(&bases[..1], &members, 32, secs).await;
    let two = throughput(&bases, &members, 32, secs).await;
    eprintln!("\nscale-out: {one:.0} requests/s through 1 instance, {two:.0} through 2 (32 clients, {secs} s each)");

    // Only the first worker runs while uploads arrive, so the job it is killed on is its own.
    let mut w1 = Worker::start(&root.path().join("w1"), &flags);
    let page = crate::helpers::prescription_jpeg();
    let mut sends = Vec::new();
    let mut want_doses: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut want_redeems: BTreeMap<String, usize> = BTreeMap::new();
    let mut want_uploads: BTreeMap<String, usize> = BTreeMap::new();
    for round in 0..6 {
        for (i, m) in members.iter().enumerate() {
            let dose = format!("scaleout-{i}-{round}");
            want_doses.entry(m.id.clone()).or_default().insert(dose.clone());
            let redeem = (round % 2 == 0).then(|| format!("so-redeem-{i}-{round}"));
            if redeem.is_some() {
                *want_redeems.entry(m.id.clone()).or_default() += 1;
            }
            let upload = (round == 0 || (round == 3 && i % 3 == 0)).then(|| format!("so-rx-{i}-{round}"));
            if upload.is_some() {
                *want_uploads.entry(m.id.clone()).or_default() += 1;
            }
            // Every request goes to both instances at once: one of each pair is the retry.
            for base in &bases {
                let (http, m, base, page) = (http.clone(), m.clone(), base.clone(), page.clone());
                let (dose, redeem, upload) = (dose.clone(), redeem.clone(), upload.clone());
                sends.push(tokio::spawn(async move {
                    let mut answers = Vec::new();
                    let body = json!({"id": dose, "medication_id": m.medication, "action": "taken"});
                    answers.push(http.post(format!("{base}/api/v1/doses")).bearer_auth(&m.token).json(&body));
                    if let Some(key) = redeem {
                        answers.push(
                            http.post(format!("{base}/api/v1/rewards/free-delivery/redeem"))
                                .bearer_auth(&m.token)
                                .header("idempotency-key", key),
                        );
                    }
                    if let Some(key) = upload {
                        answers.push(crate::helpers::rx_upload(&http, &base, &m.token, &key, page));
                    }
                    for req in answers {
                        let res = req.send().await.expect("request");
                        let status = res.status();
                        assert!(status.is_success(), "{status}: {}", res.text().await.unwrap_or_default());
                    }
                }));
            }
        }
    }
    for s in sends {
        s.await.unwrap();
    }

    // The books: exactly what each member was told, once.
    let mut db = pg(&database_url).await;
    for m in &members {
        let doses: BTreeSet<String> =
            sqlx::query_scalar("SELECT id FROM dose_logs WHERE member_id = $1 AND id LIKE 'scaleout-%'")
                .bind(&m.id)
                .fetch_all(&mut db)
                .await
                .unwrap()
                .into_iter()
                .collect();
        assert_eq!(doses, want_doses[&m.id], "no duplicate or missing dose for {}", m.id);
        let (coupons, spent): (i64, i64) = sqlx::query_as(
            "SELECT (SELECT COUNT(*) FROM coupons WHERE member_id = $1 AND source = 'redeem'),
                    (SELECT CAST(COALESCE(-SUM(points), 0) AS BIGINT) FROM points_ledger WHERE member_id = $1 AND kind = 'redeem')",
        )
        .bind(&m.id)
        .fetch_one(&mut db)
        .await
        .unwrap();
        let redeemed = want_redeems.get(&m.id).copied().unwrap_or(0);
        assert_eq!(coupons as usize, redeemed, "one coupon per redemption key for {}", m.id);
        assert_eq!(spent, 300 * redeemed as i64, "points charged once per key for {}", m.id);
        let rx: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM prescriptions WHERE member_id = $1")
            .bind(&m.id)
            .fetch_one(&mut db)
            .await
            .unwrap();
        assert_eq!(rx as usize, want_uploads.get(&m.id).copied().unwrap_or(0), "one prescription per key");
    }

    // SIGKILL the only worker while it is recognising a page.
    let started = Instant::now();
    let killed = loop {
        assert!(started.elapsed() < Duration::from_secs(60), "no OCR job was seen running");
        let running: Option<String> =
            sqlx::query_scalar("SELECT prescription_id FROM ocr_jobs WHERE state = 'running' AND attempts = 1 LIMIT 1")
                .fetch_optional(&mut db)
                .await
                .unwrap();
        if let Some(id) = running {
            w1.kill();
            break id;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    let state: String = sqlx::query_scalar("SELECT state FROM ocr_jobs WHERE prescription_id = $1")
        .bind(&killed)
        .fetch_one(&mut db)
        .await
        .unwrap();
    assert_eq!(state, "running", "the job was cut off mid-way");

    // Two workers drain the rest; the killed job waits for its lease, then one takes it.
    let _w2 = Worker::start(&root.path().join("w2"), &flags);
    let _w3 = Worker::start(&root.path().join("w1"), &flags);
    let started = Instant::now();
    loop {
        let open: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM ocr_jobs WHERE state IN ('queued', 'running')")
            .fetch_one(&mut db)
            .await
            .unwrap();
        if open == 0 {
            break;
        }
        assert!(started.elapsed() < Duration::from_secs(240), "{open} OCR jobs never finished");
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    let jobs: Vec<(String, String, i64)> =
        sqlx::query_as("SELECT prescription_id, state, attempts FROM ocr_jobs").fetch_all(&mut db).await.unwrap();
    let total: usize = want_uploads.values().sum();
    assert_eq!(jobs.len(), total, "one OCR job per prescription");
    assert!(jobs.iter().all(|(_, s, _)| s == "done"), "every job recognised: {jobs:?}");
    let retried = jobs.iter().find(|(id, _, _)| *id == killed).unwrap();
    assert!(retried.2 >= 2, "the killed job ran again: {retried:?}");
    // Exactly once: one "recognised" step in every timeline, and fields stored for each.
    let recognised: Vec<(String, i64)> = sqlx::query_as(
        "SELECT p.id, (SELECT COUNT(*) FROM prescription_events e WHERE e.prescription_id = p.id AND e.status = 'recognised')
         FROM prescriptions p WHERE p.ocr_fields IS NOT NULL",
    )
    .fetch_all(&mut db)
    .await
    .unwrap();
    assert_eq!(recognised.len(), total, "fields stored for every prescription");
    assert!(recognised.iter().all(|(_, n)| *n == 1), "each result recorded once: {recognised:?}");
    // Every page is in the shared directory, whichever instance took the upload.
    let files: Vec<String> =
        sqlx::query_scalar("SELECT file FROM prescription_pages").fetch_all(&mut db).await.unwrap();
    assert!(files.iter().all(|f| uploads.join(f).exists()), "pages in the shared uploads directory");

    // SIGTERM (a rolling restart) mid-job: the worker hands its job back before it exits, so
    // the next worker starts at once instead of after the lease, and no attempt is used up.
    drop((_w2, _w3));
    let owner = &members[0];
    let mut handed_back = None;
    for round in 0..5 {
        let mut worker = Worker::start(&root.path().join("w4"), &flags);
        let key = format!("scaleout-term-{round}");
        let created: serde_json::Value = crate::helpers::rx_upload(&http, &bases[1], &owner.token, &key, page.clone())
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let id = created["id"].as_str().unwrap().to_string();
        loop {
            let state: String = sqlx::query_scalar("SELECT state FROM ocr_jobs WHERE prescription_id = $1")
                .bind(&id)
                .fetch_one(&mut db)
                .await
                .unwrap();
            if state != "queued" {
                break;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        worker.terminate();
        let (state, attempts, lease): (String, i64, Option<i64>) =
            sqlx::query_as("SELECT state, attempts, lease_until FROM ocr_jobs WHERE prescription_id = $1")
                .bind(&id)
                .fetch_one(&mut db)
                .await
                .unwrap();
        if state == "done" {
            continue; // it finished in the moment before the signal: try again
        }
        assert_eq!((state.as_str(), attempts, lease), ("queued", 0, None), "handed back, attempt not counted");
        handed_back = Some(id);
        break;
    }
    let handed_back = handed_back.expect("a worker was caught mid-job by SIGTERM");
    let _w5 = Worker::start(&root.path().join("w5"), &flags);
    let started = Instant::now();
    let attempts = loop {
        let (state, attempts): (String, i64) =
            sqlx::query_as("SELECT state, attempts FROM ocr_jobs WHERE prescription_id = $1")
                .bind(&handed_back)
                .fetch_one(&mut db)
                .await
                .unwrap();
        if state == "done" {
            break attempts;
        }
        assert!(started.elapsed() < Duration::from_secs(60), "the handed-back job never finished: {state}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    };
    assert_eq!(attempts, 1, "one attempt counted for the job handed back");

    eprintln!(
        "scale-out: 2 instances, {} members, {} uploads, 1 worker SIGKILLed mid-job; {} jobs done, {} retried",
        members.len(),
        total,
        jobs.len(),
        jobs.iter().filter(|(_, _, a)| *a > 1).count()
    );
    drop((a, b));
}
