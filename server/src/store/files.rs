//! Where stored files (prescription pages, feedback photos) live, behind a small trait so a
//! deployment can swap the shared directory for an object store without touching handlers.
use std::future::Future;
use std::io;
use std::path::PathBuf;
use std::pin::Pin;

/// A boxed future, so [`FileStore`] can be used as `dyn`.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// Named blobs shared by every instance. Names come from the app (random hex), never from
/// a request.
pub trait FileStore: Send + Sync {
    /// Stores `bytes` under `name` so that a reader never sees half a file.
    fn put<'a>(&'a self, name: &'a str, bytes: &'a [u8]) -> BoxFuture<'a, io::Result<()>>;
    /// The bytes stored under `name`.
    fn get<'a>(&'a self, name: &'a str) -> BoxFuture<'a, io::Result<Vec<u8>>>;
    /// Removes `name`; a missing file is not an error.
    fn delete<'a>(&'a self, name: &'a str) -> BoxFuture<'a, io::Result<()>>;
}

/// A directory on a disk every instance mounts (`--uploads-dir`).
pub struct LocalDir {
    pub root: PathBuf,
}

impl FileStore for LocalDir {
    fn put<'a>(&'a self, name: &'a str, bytes: &'a [u8]) -> BoxFuture<'a, io::Result<()>> {
        Box::pin(async move {
            tokio::fs::create_dir_all(&self.root).await?;
            // Written to a temporary name, synced and renamed: a crash leaves a `.part` file
            // (swept later), never a short file under a name the database points to.
            let partial = self.root.join(format!("{name}.part"));
            let mut file = tokio::fs::File::create(&partial).await?;
            tokio::io::AsyncWriteExt::write_all(&mut file, bytes).await?;
            file.sync_all().await?;
            tokio::fs::rename(&partial, self.root.join(name)).await
        })
    }

    fn get<'a>(&'a self, name: &'a str) -> BoxFuture<'a, io::Result<Vec<u8>>> {
        Box::pin(tokio::fs::read(self.root.join(name)))
    }

    fn delete<'a>(&'a self, name: &'a str) -> BoxFuture<'a, io::Result<()>> {
        Box::pin(async move {
            match tokio::fs::remove_file(self.root.join(name)).await {
                Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
                other => other,
            }
        })
    }
}
