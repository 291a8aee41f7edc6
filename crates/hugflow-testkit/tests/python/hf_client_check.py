"""Drives the real `huggingface_hub` client against the fake Hub and prints what it saw.

Run by tests/python_client.rs with HF_ENDPOINT pointing at the fake Hub, HF_TOKEN set and a
private HF_HOME. The only argument is a JSON object naming what to fetch; the output is one
JSON object on stdout that the Rust test compares with the corpus.
"""

import hashlib
import json
import os
import sys

import huggingface_hub
from huggingface_hub import HfApi, hf_hub_download, snapshot_download
from huggingface_hub.errors import (
    DisabledRepoError,
    EntryNotFoundError,
    HfHubHTTPError,
    LocalEntryNotFoundError,
    GatedRepoError,
    RepositoryNotFoundError,
    RevisionNotFoundError,
)
from huggingface_hub.hf_api import RepoFile


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def folder_digests(folder):
    """{relative path: sha256} of every file in a snapshot folder (not its .cache)."""
    digests = {}
    for root, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if d != ".cache"]
        for name in files:
            path = os.path.join(root, name)
            digests[os.path.relpath(path, folder)] = sha256(path)
    return digests


def error_name(call):
    """The class of the error `call` raises, or None."""
    try:
        call()
    except (
        GatedRepoError,
        RevisionNotFoundError,
        EntryNotFoundError,
        RepositoryNotFoundError,
        DisabledRepoError,
    ) as e:
        return type(e).__name__
    return None


def cache_miss_cause(call):
    """`hf_hub_download` turns a refused HEAD it does not re-raise into a cache miss: the
    class of that error and of its cause, or None."""
    try:
        call()
    except LocalEntryNotFoundError as e:
        return [type(e).__name__, type(e.__cause__).__name__ if e.__cause__ else None]
    return None


def http_error(call):
    """What the client made of the Hub's refusal: its error class, the status, the Hub's
    `X-Error-Code` and `X-Error-Message`, and the server message it shows."""
    try:
        call()
    except HfHubHTTPError as e:
        return {
            "class": type(e).__name__,
            "status": e.response.status_code,
            "code": e.response.headers.get("X-Error-Code"),
            "header_message": e.response.headers.get("X-Error-Message"),
            "server_message": e.server_message,
        }
    return None


def main():
    args = json.loads(sys.argv[1])
    api = HfApi()
    dataset = args["dataset"]
    out = {"version": huggingface_hub.__version__}

    out["search"] = [d.id for d in api.list_datasets(search=args["search"], limit=args["limit"])]
    out["all"] = [d.id for d in api.list_datasets()]
    out["filtered"] = [d.id for d in api.list_datasets(filter="language:ms", sort="downloads")]

    info = api.dataset_info(dataset)
    out["info"] = {
        "id": info.id,
        "sha": info.sha,
        "siblings": [s.rfilename for s in info.siblings],
        "downloads": info.downloads,
        "gated": info.gated,
        "license": info.card_data.license if info.card_data else None,
        "created_at": info.created_at.isoformat(),
    }
    revision = api.dataset_info(dataset, revision=args["revision"])
    out["revision_info"] = {"sha": revision.sha, "siblings": [s.rfilename for s in revision.siblings]}
    out["convert_sha"] = api.dataset_info(dataset, revision="refs/convert/parquet").sha
    refs = api.list_repo_refs(dataset, repo_type="dataset")
    out["refs"] = {
        kind: {r.name: r.target_commit for r in getattr(refs, kind)}
        for kind in ("branches", "converts", "tags")
    }
    out["tree"] = [
        {
            "path": entry.path,
            "type": "file" if isinstance(entry, RepoFile) else "directory",
            "size": entry.size if isinstance(entry, RepoFile) else 0,
            "oid": entry.blob_id if isinstance(entry, RepoFile) else entry.tree_id,
            "lfs": entry.lfs.sha256 if isinstance(entry, RepoFile) and entry.lfs else None,
        }
        for entry in api.list_repo_tree(dataset, repo_type="dataset", recursive=True)
    ]

    out["downloads"] = {
        name: sha256(hf_hub_download(dataset, name, repo_type="dataset"))
        for name in (args["small_file"], args["lfs_file"])
    }
    out["snapshot"] = folder_digests(snapshot_download(dataset, repo_type="dataset"))
    out["convert_snapshot"] = folder_digests(
        snapshot_download(dataset, repo_type="dataset", revision="refs/convert/parquet")
    )

    # A dataset mixing small, LFS and Xet files and an entry of unknown type. HF_HUB_DISABLE_XET
    # is set, so the Xet file comes over HTTP through the bridge, as for a client without hf_xet.
    mixed = args["mixed"]
    out["xet_download"] = sha256(hf_hub_download(mixed, args["xet_file"], repo_type="dataset"))
    out["mixed_snapshot"] = folder_digests(snapshot_download(mixed, repo_type="dataset"))
    out["mixed_unknown_entry"] = [
        {"path": entry.path, "class": type(entry).__name__}
        for entry in api.list_repo_tree(mixed, repo_type="dataset", recursive=True)
        if entry.path == args["unknown_entry"]
    ][0]

    gated = args["gated"]
    out["errors"] = {
        "gated_without_access": error_name(
            lambda: hf_hub_download(gated, "README.md", repo_type="dataset", token=args["other_token"])
        ),
        "gated_with_access": error_name(
            lambda: hf_hub_download(gated, "README.md", repo_type="dataset", token=args["granted_token"])
        ),
        "missing_repo": error_name(lambda: api.dataset_info("nobody/nothing")),
        "missing_revision": error_name(lambda: api.dataset_info(dataset, revision="nope")),
        "missing_file": error_name(lambda: hf_hub_download(dataset, "nope.txt", repo_type="dataset")),
    }
    # Anonymous (no token at all): a missing and a private dataset look alike.
    anonymous = HfApi(token=False)
    out["anonymous"] = {
        "missing_repo": http_error(lambda: anonymous.dataset_info("nobody/nothing")),
        "private_repo": http_error(lambda: anonymous.dataset_info(args["private"])),
    }
    disabled = args["disabled"]
    out["disabled"] = {
        "info_disabled": api.dataset_info(disabled).disabled,
        "listed_disabled": [d.disabled for d in api.list_datasets(search=disabled.split("/")[1]) if d.id == disabled],
        "tree": error_name(lambda: list(api.list_repo_tree(disabled, repo_type="dataset"))),
        "download": cache_miss_cause(lambda: hf_hub_download(disabled, "README.md", repo_type="dataset")),
    }
    print(json.dumps(out))


if __name__ == "__main__":
    main()
