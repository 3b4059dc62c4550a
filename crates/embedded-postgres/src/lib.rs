//! Crossfade's own PostgreSQL cluster, used when no `DATABASE_URL` is configured. It lives in a directory of its own
//! (`<data dir>/postgres`), listens on a free loopback port only, requires a password kept beside it, and is stopped
//! when the server stops. A cluster left behind by a crash is stopped or cleaned up before a new start.

use std::fs::{self, File};
use std::io::Write as _;
use std::os::unix::fs::{OpenOptionsExt as _, PermissionsExt as _, chown};
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

use nix::sys::signal::{self, Signal};
use nix::unistd::{Pid, Uid, User};
use secrecy::{ExposeSecret, SecretString};
use sqlx::Connection as _;
use tokio::process::{Child, Command};

/// The database Crossfade's tables live in, inside its own cluster.
const DATABASE: &str = "crossfade";
/// The cluster's superuser; the embedded cluster belongs to Crossfade alone.
const ROLE: &str = "crossfade";
/// Unix account the cluster runs as when Crossfade runs as root (PostgreSQL refuses to run as root).
const SERVICE_ACCOUNT: &str = "postgres";
const READY_TIMEOUT: Duration = Duration::from_secs(60);
const STOP_TIMEOUT: Duration = Duration::from_secs(30);

/// Why the embedded cluster could not be started or stopped.
#[derive(Debug, thiserror::Error)]
pub enum ClusterError {
    #[error(
        "PostgreSQL server programs (initdb, postgres) were not found; install Debian's `postgresql` package, \
             set CROSSFADE_PG_BIN to their directory, or set DATABASE_URL to use an existing database"
    )]
    BinariesMissing,
    #[error("running as root, but the `{SERVICE_ACCOUNT}` account PostgreSQL should run as does not exist")]
    NoServiceAccount,
    #[error(
        "PostgreSQL runs as the `{SERVICE_ACCOUNT}` account, which cannot enter {0}; set CROSSFADE_DATA_DIR to a \
             directory it can reach (for example under /var/lib or /srv), or set DATABASE_URL"
    )]
    Unreachable(PathBuf),
    #[error("another Crossfade server is already using {0}")]
    InUse(PathBuf),
    #[error("{action} failed: {source}")]
    Io { action: String, source: std::io::Error },
    #[error("{program} failed ({status}); its output:\n{output}")]
    Program { program: &'static str, status: String, output: String },
    #[error("PostgreSQL did not become ready within {seconds} s; the end of its log ({log}):\n{tail}")]
    NotReady { seconds: u64, log: PathBuf, tail: String },
    #[error("PostgreSQL exited while starting; the end of its log ({log}):\n{tail}")]
    Exited { log: PathBuf, tail: String },
    #[error("could not create the `{DATABASE}` database: {0}")]
    CreateDatabase(#[source] sqlx::Error),
}

fn io(action: impl Into<String>) -> impl FnOnce(std::io::Error) -> ClusterError {
    let action = action.into();
    move |source| ClusterError::Io { action, source }
}

/// A running embedded cluster. Call [`EmbeddedPostgres::stop`] to shut it down cleanly; dropping it without
/// stopping still asks PostgreSQL to shut down.
pub struct EmbeddedPostgres {
    root: PathBuf,
    child: Option<Child>,
    port: u16,
    password: SecretString,
    // Held for the cluster's lifetime: a second Crossfade on the same data directory fails instead of colliding.
    _lock: File,
}

impl EmbeddedPostgres {
    /// Starts (and on first use creates) the cluster under `root`.
    pub async fn start(root: &Path) -> Result<Self, ClusterError> {
        let bin = find_binaries(&root.join("pgdata/PG_VERSION"))?;
        let account = service_account()?;
        fs::create_dir_all(root).map_err(io(format!("creating {}", root.display())))?;
        let root = root.canonicalize().map_err(io(format!("resolving {}", root.display())))?;
        if let Some(user) = &account {
            ensure_reachable(user, &root)?;
        }
        // Only the owner reads the password and log; the service account may pass through to its data directory.
        fs::set_permissions(&root, fs::Permissions::from_mode(if account.is_some() { 0o711 } else { 0o700 }))
            .map_err(io("restricting the cluster directory"))?;
        let lock = lock_directory(&root)?;
        let cluster = Cluster { bin, account, root };
        let password = cluster.initialise_once().await?;
        cluster.clear_stale_postmaster().await?;
        let (child, port) = cluster.launch().await?;
        let mut running = Self { root: cluster.root.clone(), child: Some(child), port, password, _lock: lock };
        running.wait_until_ready(&cluster).await?;
        running.ensure_database().await?;
        tracing::info!(port, dir = %running.root.display(), "embedded PostgreSQL is ready");
        Ok(running)
    }

    /// The URL of Crossfade's database in this cluster (it carries the password: keep it secret).
    pub fn database_url(&self) -> SecretString {
        self.url_for(DATABASE)
    }

    fn url_for(&self, database: &str) -> SecretString {
        SecretString::from(format!(
            "postgres://{ROLE}:{}@127.0.0.1:{}/{database}",
            self.password.expose_secret(),
            self.port
        ))
    }

    /// Asks PostgreSQL for a fast shutdown (sessions are closed, data is checkpointed) and waits for it to exit.
    pub async fn stop(mut self) -> Result<(), ClusterError> {
        let Some(mut child) = self.child.take() else { return Ok(()) };
        request_shutdown(&child);
        match tokio::time::timeout(STOP_TIMEOUT, child.wait()).await {
            Ok(result) => {
                result.map_err(io("waiting for PostgreSQL to stop"))?;
                tracing::info!("embedded PostgreSQL stopped");
            }
            Err(_) => {
                tracing::warn!("embedded PostgreSQL did not stop within {} s; killing it", STOP_TIMEOUT.as_secs());
                child.kill().await.map_err(io("killing PostgreSQL"))?;
            }
        }
        Ok(())
    }

    async fn wait_until_ready(&mut self, cluster: &Cluster) -> Result<(), ClusterError> {
        let started = Instant::now();
        let url = self.url_for("postgres");
        loop {
            if let Some(child) = self.child.as_mut()
                && let Ok(Some(_)) = child.try_wait()
            {
                return Err(ClusterError::Exited { log: cluster.log_path(), tail: cluster.log_tail() });
            }
            if sqlx::PgConnection::connect(url.expose_secret()).await.is_ok() {
                return Ok(());
            }
            if started.elapsed() > READY_TIMEOUT {
                return Err(ClusterError::NotReady {
                    seconds: READY_TIMEOUT.as_secs(),
                    log: cluster.log_path(),
                    tail: cluster.log_tail(),
                });
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    async fn ensure_database(&self) -> Result<(), ClusterError> {
        let mut admin = sqlx::PgConnection::connect(self.url_for("postgres").expose_secret())
            .await
            .map_err(ClusterError::CreateDatabase)?;
        let exists: bool = sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)")
            .bind(DATABASE)
            .fetch_one(&mut admin)
            .await
            .map_err(ClusterError::CreateDatabase)?;
        if !exists {
            sqlx::query(&format!("CREATE DATABASE {DATABASE}"))
                .execute(&mut admin)
                .await
                .map_err(ClusterError::CreateDatabase)?;
        }
        Ok(())
    }
}

impl Drop for EmbeddedPostgres {
    fn drop(&mut self) {
        if let Some(child) = &self.child {
            request_shutdown(child);
        }
    }
}

fn request_shutdown(child: &Child) {
    if let Some(pid) = child.id() {
        // SIGINT is PostgreSQL's "fast" shutdown. It may already have exited; nothing else to do then.
        let _ = signal::kill(Pid::from_raw(pid as i32), Signal::SIGINT);
    }
}

/// The fixed facts about one cluster directory.
struct Cluster {
    bin: PathBuf,
    account: Option<User>,
    root: PathBuf,
}

impl Cluster {
    fn data_dir(&self) -> PathBuf {
        self.root.join("pgdata")
    }

    fn password_path(&self) -> PathBuf {
        self.root.join("password")
    }

    fn log_path(&self) -> PathBuf {
        self.root.join("postgres.log")
    }

    fn log_tail(&self) -> String {
        let text = fs::read_to_string(self.log_path()).unwrap_or_default();
        let lines: Vec<&str> = text.lines().collect();
        lines[lines.len().saturating_sub(15)..].join("\n")
    }

    /// Runs initdb the first time; returns the password of the cluster's role.
    async fn initialise_once(&self) -> Result<SecretString, ClusterError> {
        let data = self.data_dir();
        if data.join("PG_VERSION").exists() {
            let password = fs::read_to_string(self.password_path()).map_err(io("reading the cluster password"))?;
            return Ok(SecretString::from(password.trim().to_owned()));
        }
        // A data directory without PG_VERSION is what an interrupted initdb leaves: it never held data.
        if data.exists() {
            fs::remove_dir_all(&data).map_err(io("removing an unfinished data directory"))?;
        }
        let password = random_password();
        write_private(&self.password_path(), password.expose_secret(), None)?;
        let password_file = self.root.join("initdb-password");
        write_private(&password_file, password.expose_secret(), self.account.as_ref())?;
        fs::create_dir(&data).map_err(io("creating the data directory"))?;
        fs::set_permissions(&data, fs::Permissions::from_mode(0o700)).map_err(io("restricting the data directory"))?;
        self.hand_over(&data)?;
        let output = self
            .command("initdb")
            .arg("-D")
            .arg(&data)
            .args(["-U", ROLE, "--auth=scram-sha-256", "-E", "UTF8", "--locale=C.UTF-8"])
            .arg(format!("--pwfile={}", password_file.display()))
            .output()
            .await
            .map_err(io("running initdb"));
        let _ = fs::remove_file(&password_file);
        let output = output?;
        if !output.status.success() {
            let _ = fs::remove_dir_all(&data);
            return Err(ClusterError::Program {
                program: "initdb",
                status: output.status.to_string(),
                output: format!(
                    "{}{}",
                    String::from_utf8_lossy(&output.stdout),
                    String::from_utf8_lossy(&output.stderr)
                ),
            });
        }
        tracing::info!(dir = %data.display(), "created the embedded PostgreSQL cluster");
        Ok(password)
    }

    /// Deals with `postmaster.pid` left by a crash. A PostgreSQL still running on this directory is shut down. A
    /// lock whose process is gone is left to PostgreSQL, which checks it (and the shared memory it names) itself.
    /// Only a lock whose process id now belongs to another program is removed, since PostgreSQL would refuse it.
    async fn clear_stale_postmaster(&self) -> Result<(), ClusterError> {
        let pid_file = self.data_dir().join("postmaster.pid");
        let Ok(contents) = fs::read_to_string(&pid_file) else { return Ok(()) };
        let Some(pid) = contents.lines().next().and_then(|line| line.trim().parse::<i32>().ok()) else {
            return Ok(());
        };
        match running_program(pid) {
            Running::Gone | Running::Unknown => Ok(()),
            Running::Postgres(args) if args.iter().any(|arg| Path::new(arg) == self.data_dir()) => {
                tracing::warn!(pid, "a PostgreSQL left running by an earlier Crossfade holds the cluster; stopping it");
                stop_process(pid).await
            }
            Running::Postgres(_) | Running::Other => {
                tracing::warn!(pid, "postmaster.pid names a process id now used by another program; removing it");
                fs::remove_file(&pid_file).map_err(io("removing a stale postmaster.pid"))
            }
        }
    }

    /// Starts `postgres` on a free loopback port, retrying with another port if one was taken meanwhile.
    async fn launch(&self) -> Result<(Child, u16), ClusterError> {
        let mut last = None;
        for _ in 0..3 {
            let port = free_port()?;
            let log = fs::OpenOptions::new()
                .create(true)
                .append(true)
                .mode(0o600)
                .open(self.log_path())
                .map_err(io("opening the PostgreSQL log"))?;
            log.set_permissions(fs::Permissions::from_mode(0o600)).map_err(io("restricting the PostgreSQL log"))?;
            let mut child = self
                .command("postgres")
                .arg("-D")
                .arg(self.data_dir())
                .args(["-p", &port.to_string(), "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories="])
                .stdout(Stdio::from(log.try_clone().map_err(io("sharing the log file"))?))
                .stderr(Stdio::from(log))
                // Its own process group: Ctrl-C in a terminal reaches Crossfade, which then stops PostgreSQL
                // after the last request has been answered.
                .process_group(0)
                .spawn()
                .map_err(io("starting postgres"))?;
            tokio::time::sleep(Duration::from_millis(300)).await;
            match child.try_wait() {
                Ok(None) => return Ok((child, port)),
                _ => last = Some(ClusterError::Exited { log: self.log_path(), tail: self.log_tail() }),
            }
        }
        Err(last.expect("three attempts were made"))
    }

    fn command(&self, program: &str) -> Command {
        let mut command = Command::new(self.bin.join(program));
        command.stdin(Stdio::null()).kill_on_drop(false).env_remove("PGDATA");
        if let Some(user) = &self.account {
            command.uid(user.uid.as_raw()).gid(user.gid.as_raw());
        }
        command
    }

    fn hand_over(&self, path: &Path) -> Result<(), ClusterError> {
        if let Some(user) = &self.account {
            chown(path, Some(user.uid.as_raw()), Some(user.gid.as_raw()))
                .map_err(io("handing the data directory over"))?;
        }
        Ok(())
    }
}

fn lock_directory(root: &Path) -> Result<File, ClusterError> {
    let lock = File::create(root.join("crossfade.lock")).map_err(io("creating the cluster lock file"))?;
    match lock.try_lock() {
        Ok(()) => Ok(lock),
        Err(fs::TryLockError::WouldBlock) => Err(ClusterError::InUse(root.to_owned())),
        Err(fs::TryLockError::Error(source)) => Err(io("locking the cluster directory")(source)),
    }
}

/// The programs to run: `CROSSFADE_PG_BIN`, else the major version that created an existing cluster (a newer one
/// cannot open its files), else the newest installed, else `PATH`.
fn find_binaries(pg_version_file: &Path) -> Result<PathBuf, ClusterError> {
    let has_both = |dir: &Path| dir.join("initdb").is_file() && dir.join("postgres").is_file();
    if let Some(dir) = std::env::var_os("CROSSFADE_PG_BIN").map(PathBuf::from) {
        return has_both(&dir).then_some(dir).ok_or(ClusterError::BinariesMissing);
    }
    if let Ok(major) = fs::read_to_string(pg_version_file) {
        let dir = Path::new("/usr/lib/postgresql").join(major.trim()).join("bin");
        if has_both(&dir) {
            return Ok(dir);
        }
    }
    // Debian installs each major version side by side; the newest wins.
    let mut versions: Vec<(u32, PathBuf)> = fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|entry| Some((entry.file_name().to_str()?.parse().ok()?, entry.path().join("bin"))))
        .filter(|(_, dir)| has_both(dir))
        .collect();
    versions.sort();
    if let Some((_, dir)) = versions.pop() {
        return Ok(dir);
    }
    std::env::var_os("PATH")
        .into_iter()
        .flat_map(|path| std::env::split_paths(&path).collect::<Vec<_>>())
        .find(|dir| has_both(dir))
        .ok_or(ClusterError::BinariesMissing)
}

fn service_account() -> Result<Option<User>, ClusterError> {
    if !Uid::effective().is_root() {
        return Ok(None);
    }
    match User::from_name(SERVICE_ACCOUNT) {
        Ok(Some(user)) => Ok(Some(user)),
        _ => Err(ClusterError::NoServiceAccount),
    }
}

/// Every directory above the cluster must let the service account pass, or PostgreSQL fails with a bare
/// "Permission denied" halfway through initdb.
fn ensure_reachable(user: &User, root: &Path) -> Result<(), ClusterError> {
    use std::os::unix::fs::MetadataExt as _;
    for dir in root.ancestors().skip(1) {
        let Ok(meta) = fs::metadata(dir) else { continue };
        let mode = meta.mode();
        let passes = if meta.uid() == user.uid.as_raw() {
            mode & 0o100 != 0
        } else if meta.gid() == user.gid.as_raw() {
            mode & 0o010 != 0
        } else {
            mode & 0o001 != 0
        };
        if !passes {
            return Err(ClusterError::Unreachable(dir.to_owned()));
        }
    }
    Ok(())
}

/// What runs under a process id, as far as `/proc` tells.
enum Running {
    Gone,
    /// A `postgres` program, with its arguments.
    Postgres(Vec<String>),
    Other,
    /// Alive, but `/proc` does not say what it is (another namespace, `hidepid`).
    Unknown,
}

fn running_program(pid: i32) -> Running {
    if signal::kill(Pid::from_raw(pid), None).is_err() || is_zombie(pid) {
        return Running::Gone;
    }
    let Ok(cmdline) = fs::read(format!("/proc/{pid}/cmdline")) else { return Running::Unknown };
    let args: Vec<String> = cmdline.split(|b| *b == 0).map(|arg| String::from_utf8_lossy(arg).into_owned()).collect();
    match args.first() {
        Some(program) if program.ends_with("postgres") => Running::Postgres(args),
        _ => Running::Other,
    }
}

fn is_zombie(pid: i32) -> bool {
    // The state is the field after the parenthesised program name.
    fs::read_to_string(format!("/proc/{pid}/stat"))
        .ok()
        .and_then(|stat| stat.rsplit_once(')').map(|(_, rest)| rest.trim_start().starts_with('Z')))
        .unwrap_or(false)
}

/// Fast shutdown, then immediate shutdown, then SIGKILL; an error if the process still will not go.
async fn stop_process(pid: i32) -> Result<(), ClusterError> {
    let started = Instant::now();
    for (after, signal) in
        [(Duration::ZERO, Signal::SIGINT), (STOP_TIMEOUT, Signal::SIGQUIT), (STOP_TIMEOUT * 2, Signal::SIGKILL)]
    {
        while started.elapsed() < after {
            if matches!(running_program(pid), Running::Gone) {
                return Ok(());
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let _ = signal::kill(Pid::from_raw(pid), signal);
    }
    for _ in 0..50 {
        if matches!(running_program(pid), Running::Gone) {
            return Ok(());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    Err(ClusterError::Io {
        action: format!("stopping the PostgreSQL (pid {pid}) left by an earlier run"),
        source: std::io::Error::other("it is still running"),
    })
}

fn free_port() -> Result<u16, ClusterError> {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").map_err(io("finding a free port"))?;
    Ok(listener.local_addr().map_err(io("finding a free port"))?.port())
}

fn random_password() -> SecretString {
    use rand::distr::{Alphanumeric, SampleString as _};
    SecretString::from(Alphanumeric.sample_string(&mut rand::rng(), 40))
}

fn write_private(path: &Path, contents: &str, owner: Option<&User>) -> Result<(), ClusterError> {
    let mut file = fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(path)
        .map_err(io(format!("writing {}", path.display())))?;
    // `mode` only applies to a new file; an older one is tightened too.
    file.set_permissions(fs::Permissions::from_mode(0o600)).map_err(io(format!("restricting {}", path.display())))?;
    file.write_all(contents.as_bytes()).map_err(io(format!("writing {}", path.display())))?;
    if let Some(user) = owner {
        chown(path, Some(user.uid.as_raw()), Some(user.gid.as_raw())).map_err(io("handing the password file over"))?;
    }
    Ok(())
}
