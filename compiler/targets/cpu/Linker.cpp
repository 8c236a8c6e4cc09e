// SPDX-License-Identifier: Apache-2.0
//===- Linker.cpp - link kernels into a shared object with lld ------------===//

#include "compiler/targets/cpu/CpuBackend.h"

#include "lld/Common/Driver.h"
#include "llvm/ADT/ScopeExit.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/TargetParser/Triple.h"

#include <mutex>

LLD_HAS_DRIVER(elf)

using namespace llvm;

namespace mlir::kiln::cpu {

namespace {

/// lld keeps global state: one link at a time, and none after a link that
/// says it cannot run again.
std::mutex lldMutex;
bool lldUsable = true;

Error writeFile(StringRef path, StringRef contents) {
  std::error_code ec;
  raw_fd_ostream stream(path, ec, sys::fs::OF_None);
  if (ec)
    return createStringError("cannot write '" + path + "': " + ec.message());
  stream << contents;
  stream.close();
  if (stream.has_error())
    return createStringError("cannot write '" + path +
                             "': " + stream.error().message());
  return Error::success();
}

/// Debian's library directories for the target, where its libc lives.
SmallVector<std::string> getLibraryDirs(const Triple &triple) {
  std::string multiarch =
      (triple.getArchName() + "-linux-" +
       (triple.getEnvironmentName().empty() ? StringRef("gnu")
                                            : triple.getEnvironmentName()))
          .str();
  SmallVector<std::string> dirs;
  for (StringRef prefix : {"/lib/", "/usr/lib/"}) {
    std::string dir = (prefix + multiarch).str();
    if (sys::fs::is_directory(dir))
      dirs.push_back(dir);
  }
  return dirs;
}

} // namespace

Expected<std::vector<char>> linkSharedObject(ArrayRef<char> object,
                                             const CpuTargetMachine &target,
                                             ArrayRef<std::string> exported) {
  SmallString<128> dir;
  if (std::error_code ec = sys::fs::createUniqueDirectory("kiln-cpu-link", dir))
    return createStringError("cannot create a temporary directory: " +
                             ec.message());
  SmallString<128> objectPath(dir), scriptPath(dir), outputPath(dir);
  sys::path::append(objectPath, "kernels.o");
  sys::path::append(scriptPath, "exports.map");
  sys::path::append(outputPath, "kernels.so");
  scope_exit cleanup([&] {
    for (StringRef path :
         {objectPath.str(), scriptPath.str(), outputPath.str()})
      (void)sys::fs::remove(path);
    (void)sys::fs::remove(dir);
  });

  if (Error error =
          writeFile(objectPath, StringRef(object.data(), object.size())))
    return error;
  // Only the kernels are exported; everything else is local.
  std::string script = "{\n  global:\n";
  for (const std::string &name : exported)
    script += "    " + name + ";\n";
  script += "  local: *;\n};\n";
  if (Error error = writeFile(scriptPath, script))
    return error;

  Triple triple(target.triple);
  std::vector<std::string> args = {"ld.lld",
                                   "-shared",
                                   "--version-script",
                                   scriptPath.str().str(),
                                   "-z",
                                   "noexecstack",
                                   "-z",
                                   "relro",
                                   "-z",
                                   "now",
                                   "--hash-style=gnu",
                                   "--build-id=none",
                                   "-soname",
                                   "kiln_kernels.so",
                                   "-o",
                                   outputPath.str().str(),
                                   objectPath.str().str()};
  SmallVector<std::string> libraryDirs =
      target.isHost ? getLibraryDirs(triple) : SmallVector<std::string>();
  if (!libraryDirs.empty()) {
    // LLVM may call memcpy/memset, and libm functions without an inline
    // approximation; nothing else may stay undefined.
    for (const std::string &libraryDir : libraryDirs)
      args.push_back("-L" + libraryDir);
    args.insert(args.end(), {"--as-needed", "-lm", "-lc", "--no-undefined"});
  }

  std::string out, err;
  {
    std::lock_guard<std::mutex> lock(lldMutex);
    if (!lldUsable)
      return createStringError("lld cannot be run again in this process");
    SmallVector<const char *> argv;
    for (const std::string &arg : args)
      argv.push_back(arg.c_str());
    raw_string_ostream outStream(out), errStream(err);
    lld::Result result =
        lld::lldMain(argv, outStream, errStream, {{lld::Gnu, &lld::elf::link}});
    lldUsable = result.canRunAgain;
    if (result.retCode != 0) {
      StringRef message = StringRef(err).trim();
      message = message.take_until([](char c) { return c == '\n'; });
      return createStringError("lld failed: " + (message.empty()
                                                     ? StringRef("no message")
                                                     : message));
    }
  }

  ErrorOr<std::unique_ptr<MemoryBuffer>> buffer =
      MemoryBuffer::getFile(outputPath, /*IsText=*/false,
                            /*RequiresNullTerminator=*/false);
  if (!buffer)
    return createStringError("cannot read the linked object: " +
                             buffer.getError().message());
  StringRef bytes = (*buffer)->getBuffer();
  return std::vector<char>(bytes.begin(), bytes.end());
}

} // namespace mlir::kiln::cpu
