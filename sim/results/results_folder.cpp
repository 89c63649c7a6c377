#include "rollout/results/results_folder.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <signal.h>
#include <unistd.h>
#include <cerrno>
#include <charconv>
#include <cstdio>
#include <fstream>
#include <string_view>
#include <system_error>

#include "rollout/common/error.hpp"

namespace rollout {
namespace fs = std::filesystem;
namespace {

// The files by which a folder is known as a command's results (docs/outputs.md).
constexpr std::string_view kResultMarkers[] = {"summary.json", "comparison.json", "sweep.json",
                                               "batch.csv",    "backtest.json",   "optimize.json"};

// Staging folders are named ".NAME.rollout-staging-PID@HOST": the host and process that
// own one, so a later run cleans up only what a dead process of this host left (a
// results folder on a shared file system may be written from several hosts).
constexpr std::string_view kStagingTag = ".rollout-staging-";

std::string host_name() {
  char name[256] = {};
  if (::gethostname(name, sizeof name - 1) != 0) return "localhost";
  return name;
}

// The path as given, made absolute and without a trailing "/" or ".", so that its parent
// is the folder that holds it ("--out ." names the current folder itself).
fs::path normalised(const fs::path& destination) {
  fs::path p = fs::absolute(destination).lexically_normal();
  if (!p.has_filename()) p = p.parent_path();
  return p;
}

bool process_is_gone(long pid) {
  return pid > 0 && ::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH;
}

// Removes staging folders in `parent` that a process of this host, no longer running, left.
void remove_abandoned_staging(const fs::path& parent, const std::string& host) {
  std::error_code ec;
  for (fs::directory_iterator it(parent, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    const std::size_t tag = name.rfind(kStagingTag);
    const std::size_t at = name.rfind('@');
    if (name.front() != '.' || tag == std::string::npos || at == std::string::npos || at < tag)
      continue;
    if (std::string_view(name).substr(at + 1) != host) continue;
    long pid = 0;
    const char* first = name.data() + tag + kStagingTag.size();
    const char* last = name.data() + at;
    const auto [stop, error] = std::from_chars(first, last, pid);
    if (error != std::errc() || stop != last || !process_is_gone(pid)) continue;
    std::error_code ignored;
    fs::remove_all(it->path(), ignored);
  }
}

void write_file(const fs::path& file, const std::string& content) {
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  out.write(content.data(), static_cast<std::streamsize>(content.size()));
  out.close();
  if (!out) {
    throw InputError(
        fmt::format("{}: cannot write (folder not writable, disk full, or over a file size limit?)",
                    file.string()));
  }
}

// A name a command made (a file name, a folder_name()): relative, without "." or "..".
bool is_plain_relative(const fs::path& p) {
  if (p.empty() || p.is_absolute()) return false;
  for (const fs::path& part : p)
    if (part == "." || part == "..") return false;
  return true;
}

// Writes `content` as `folder`/`name`, a file name without a folder of its own.
void write_plain(const fs::path& folder, const std::string& name, const std::string& content) {
  if (!is_plain_relative(name) || fs::path(name).has_parent_path())
    throw InternalError(fmt::format("results file name '{}' is not a plain name", name));
  write_file(folder / name, content);
}

}  // namespace

void check_replaceable(const fs::path& destination) {
  const fs::path dir = normalised(destination);
  std::error_code ec;
  const fs::file_status status = fs::status(dir, ec);
  if (!fs::exists(status)) return;
  if (!fs::is_directory(status))
    throw InputError(fmt::format("{}: exists and is not a folder", destination.string()));
  if (fs::is_empty(dir, ec) && !ec) return;
  for (std::string_view marker : kResultMarkers)
    if (fs::is_regular_file(dir / marker, ec)) return;
  throw InputError(fmt::format(
      "{}: is not a rollout results folder (none of {}), and a command replaces its output "
      "folder as a whole: choose a new or empty folder with --out",
      destination.string(), fmt::join(kResultMarkers, ", ")));
}

StagedFolder::StagedFolder(const fs::path& destination) : destination_(destination) {
  check_replaceable(destination);
  const fs::path dir = normalised(destination);
  const fs::path parent = dir.parent_path();
  std::error_code ec;
  fs::create_directories(parent, ec);
  if (ec) {
    throw InputError(
        fmt::format("{}: cannot create the output folder: {}", destination.string(), ec.message()));
  }
  const std::string host = host_name();
  remove_abandoned_staging(parent, host);
  staging_ =
      parent / fmt::format(".{}{}{}@{}", dir.filename().string(), kStagingTag, ::getpid(), host);
  fs::remove_all(staging_, ec);  // a folder of this name is this process's own, from before
  if (!fs::create_directory(staging_, ec) || ec) {
    throw InputError(fmt::format("{}: cannot create the output folder: {}", destination.string(),
                                 ec ? ec.message() : "it exists"));
  }
}

StagedFolder::~StagedFolder() {
  if (committed_) return;
  std::error_code ignored;
  fs::remove_all(staging_, ignored);
}

void StagedFolder::add(const NamedTexts& files, const std::string& subfolder) {
  if (committed_) throw InternalError("StagedFolder::add after commit");
  fs::path folder = staging_;
  if (!subfolder.empty()) {
    if (!is_plain_relative(subfolder))
      throw InternalError(fmt::format("results subfolder '{}' is not a plain name", subfolder));
    folder /= subfolder;
    std::error_code ec;
    fs::create_directories(folder, ec);
    if (ec) {
      throw InputError(fmt::format("{}: cannot create the output folder: {}",
                                   (destination_ / subfolder).string(), ec.message()));
    }
  }
  for (const auto& [name, content] : files)
    write_plain(folder, name, content);
}

void StagedFolder::write(const std::string& name, const std::string& text) const {
  if (committed_) throw InternalError("StagedFolder::write after commit");
  write_plain(staging_, name, text);
}

void StagedFolder::commit() {
  if (committed_) throw InternalError("StagedFolder::commit twice");
  const fs::path dir = normalised(destination_);
  auto fail = [&](int error) {
    return InputError(fmt::format("{}: cannot put the results in place: {}", destination_.string(),
                                  std::generic_category().message(error)));
  };
  if (std::rename(staging_.c_str(), dir.c_str()) == 0) {
    committed_ = true;  // there was no folder, or an empty one
    return;
  }
  if (errno != EEXIST && errno != ENOTEMPTY) throw fail(errno);
  check_replaceable(destination_);  // again: another process may have put something there
  // One exchange puts the new generation in place and the old one under the staging name.
  if (::renameat2(AT_FDCWD, staging_.c_str(), AT_FDCWD, dir.c_str(), RENAME_EXCHANGE) != 0) {
    if (errno != EINVAL && errno != ENOSYS && errno != EOPNOTSUPP) throw fail(errno);
    // A file system without exchange: move the old generation aside, the new one in, and
    // the old one back if that fails.
    const fs::path aside = staging_.string() + ".old";
    if (std::rename(dir.c_str(), aside.c_str()) != 0) throw fail(errno);
    if (std::rename(staging_.c_str(), dir.c_str()) != 0) {
      const int error = errno;
      std::rename(aside.c_str(), dir.c_str());
      throw fail(error);
    }
    std::rename(aside.c_str(), staging_.c_str());
  }
  committed_ = true;
  std::error_code ignored;
  fs::remove_all(staging_, ignored);  // the previous generation
}

void write_files_atomically(const fs::path& dir, const NamedTexts& files) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec)
    throw InputError(
        fmt::format("{}: cannot create the output folder: {}", dir.string(), ec.message()));
  std::vector<fs::path> temporaries;
  auto remove_temporaries = [&] {
    for (const auto& t : temporaries)
      fs::remove(t, ec);
  };
  for (const auto& [name, content] : files) {
    const auto temporary = dir / fmt::format(".{}.tmp-{}", name, ::getpid());
    temporaries.push_back(temporary);
    try {
      write_file(temporary, content);
    } catch (const InputError&) {
      remove_temporaries();
      throw InputError(fmt::format(
          "{}: cannot write (folder not writable, disk full, or over a file size limit?)",
          (dir / name).string()));
    }
  }
  for (std::size_t i = 0; i < files.size(); ++i) {
    if (std::rename(temporaries[i].c_str(), (dir / files[i].first).c_str()) != 0) {
      const int error = errno;
      remove_temporaries();
      throw InputError(fmt::format("{}: cannot rename into place: {}",
                                   (dir / files[i].first).string(),
                                   std::generic_category().message(error)));
    }
  }
}

}  // namespace rollout
