//! One authenticated API call being answered: who calls, the world it may change, its query
//! and JSON body.

use serde_json::Value;

use super::render::Urls;
use super::reply::{Failure, Query};
use super::server::Shared;
use super::state::{GithubUser, Repo, World};

pub struct Call<'a> {
    pub shared: &'a Shared,
    pub world: &'a mut World,
    pub user: &'a GithubUser,
    pub users: &'a [GithubUser],
    pub query: Query,
    pub body: Value,
}

impl Call<'_> {
    pub fn urls(&self) -> Urls<'_> {
        Urls {
            base: &self.shared.base_url,
        }
    }

    pub fn repo(&self, full: &str) -> Result<&Repo, Failure> {
        self.world.repo(full).ok_or_else(Failure::not_found)
    }

    /// The repository, once it exists for callers (a new fork does not yet).
    pub fn ready_repo(&self, full: &str) -> Result<&Repo, Failure> {
        self.repo(full).and_then(|repo| {
            repo.is_ready()
                .then_some(repo)
                .ok_or_else(Failure::not_found)
        })
    }

    pub fn ready_repo_mut(&mut self, full: &str) -> Result<&mut Repo, Failure> {
        match self.world.repo_mut(full) {
            Some(repo) if repo.is_ready() => Ok(repo),
            _ => Err(Failure::not_found()),
        }
    }
}
