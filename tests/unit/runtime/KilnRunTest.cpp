// SPDX-License-Identifier: Apache-2.0
//
// The kiln-run tool, run as a process on artifacts and input files.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "TestUtil.h"

namespace kiln::testing {
namespace {

struct Result {
  int exit_code;
  std::string out;
  std::string err;
};

std::string ShellQuote(const std::string& text) {
  std::string quoted = "'";
  for (char c : text) {
    if (c == '\'') {
      quoted += "'\\''";
    } else {
      quoted += c;
    }
  }
  return quoted + "'";
}

std::string ReadText(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

void WriteBytes(const std::string& path, const std::vector<uint8_t>& bytes) {
  std::ofstream out(path, std::ios::binary);
  out.write(reinterpret_cast<const char*>(bytes.data()),
            static_cast<std::streamsize>(bytes.size()));
}

/// A .npy file (version 1.0) with the little-endian `descr`.
std::vector<uint8_t> Npy(const std::string& descr, const std::string& shape,
                         const void* data, size_t size) {
  std::string header = "{'descr': '" + descr +
                       "', 'fortran_order': False, 'shape': " + shape + ", }";
  header.append(64 - (10 + header.size() + 1) % 64, ' ');
  header += '\n';
  std::string preamble("\x93NUMPY\x01\x00", 8);
  preamble += static_cast<char>(header.size());
  preamble += '\0';
  std::string text =
      preamble + header + std::string(static_cast<const char*>(data), size);
  return std::vector<uint8_t>(text.begin(), text.end());
}

class KilnRunTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* tmp = std::getenv("TMPDIR");
    dir_ = std::string(tmp ? tmp : "/tmp") + "/kiln_run_test_" +
           std::to_string(getpid()) + "_" +
           ::testing::UnitTest::GetInstance()->current_test_info()->name();
    std::system(("rm -rf " + ShellQuote(dir_)).c_str());
    ::mkdir(dir_.c_str(), 0777);
    // y = x (a copy), named so its file name needs sanitizing; z = 7s.
    ArtifactBuilder builder("tool");
    FunctionBuilder f = builder.AddFunction("main");
    f.AddInput("x", fb::ElementType::F32, {-1, 3}, {"batch", ""});
    int64_t batch = f.AddDim(fb::DimOp::InputDim, 0, 0);
    f.AddDim(fb::DimOp::Const, 12);
    int64_t bytes = f.AddDim(fb::DimOp::Mul, 0, 1);
    f.AddOutput("out/y:0", fb::ElementType::F32, {-1, 3}, {"batch", ""},
                {batch, 3});
    f.AddOutput("z", fb::ElementType::I64, {12});
    f.Copy(Input(0, bytes), Output(0, bytes));
    f.Fill(Output(1, 96), 7, 8);
    model_ = dir_ + "/model.kiln";
    ASSERT_TRUE(builder.WriteFile(model_));
  }

  void TearDown() override {
    std::system(("rm -rf " + ShellQuote(dir_)).c_str());
  }

  Result Run(const std::vector<std::string>& args) {
    std::string command = ShellQuote(KILN_RUN_PATH);
    for (const std::string& arg : args) command += " " + ShellQuote(arg);
    std::string out = dir_ + "/stdout", err = dir_ + "/stderr";
    command += " >" + ShellQuote(out) + " 2>" + ShellQuote(err);
    int status = std::system(command.c_str());
    return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, ReadText(out),
            ReadText(err)};
  }

  /// Expects exit 1 and one stderr line "kiln-run: error: ...substring...".
  void ExpectError(const std::vector<std::string>& args,
                   const std::string& substring) {
    Result result = Run(args);
    EXPECT_EQ(result.exit_code, 1) << result.out << result.err;
    EXPECT_EQ(result.err.rfind("kiln-run: error: ", 0), 0u) << result.err;
    EXPECT_NE(result.err.find(substring), std::string::npos) << result.err;
    EXPECT_EQ(std::count(result.err.begin(), result.err.end(), '\n'), 1)
        << result.err;
  }

  std::string dir_;
  std::string model_;
};

TEST_F(KilnRunTest, NpyInputWritesNpyOutputs) {
  float x[6] = {1, 2, 3, 4, 5, 6.5f};
  WriteBytes(dir_ + "/x.npy", Npy("<f4", "(2, 3)", x, sizeof(x)));
  Result result = Run({model_, "--input", "x=" + dir_ + "/x.npy",
                       "--output-dir=" + dir_ + "/out"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find("out/y:0: f32 [2,3] = 1 2 3 4 5 6.5\n"),
            std::string::npos)
      << result.out;
  EXPECT_NE(result.out.find("z: i64 [12] = 7 7 7 7 7 7 7 7 ... (12 values)"),
            std::string::npos)
      << result.out;
  std::vector<uint8_t> y = ReadFileBytes(dir_ + "/out/out_y_0.npy");
  ASSERT_GE(y.size(), 64u + 24u);
  std::string header(y.begin() + 10, y.end() - 24);
  EXPECT_NE(header.find("'descr': '<f4'"), std::string::npos) << header;
  EXPECT_NE(header.find("'shape': (2, 3)"), std::string::npos) << header;
  EXPECT_EQ(std::memcmp(y.data() + y.size() - 24, x, 24), 0);
  std::vector<uint8_t> z = ReadFileBytes(dir_ + "/out/z.npy");
  std::string z_header(z.begin() + 10, z.end() - 96);
  EXPECT_NE(z_header.find("'descr': '<i8'"), std::string::npos);
  EXPECT_NE(z_header.find("'shape': (12,)"), std::string::npos);
}

TEST_F(KilnRunTest, TensorProtoInputs) {
  // dims [1, 3] unpacked, data_type FLOAT, name "x", raw_data.
  float values[3] = {0.5f, -1, 2};
  std::vector<uint8_t> raw = {0x08, 0x01, 0x08, 0x03, 0x10, 0x01,
                              0x42, 0x01, 'x',  0x4a, 12};
  const auto* bytes = reinterpret_cast<const uint8_t*>(values);
  raw.insert(raw.end(), bytes, bytes + 12);
  WriteBytes(dir_ + "/raw.pb", raw);
  Result result = Run({model_, "--input", "x=" + dir_ + "/raw.pb"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find("out/y:0: f32 [1,3] = 0.5 -1 2\n"),
            std::string::npos)
      << result.out;
  // Packed dims, float_data packed.
  std::vector<uint8_t> typed = {0x0a, 0x02, 0x01, 0x03, 0x10, 0x01, 0x22, 12};
  typed.insert(typed.end(), bytes, bytes + 12);
  WriteBytes(dir_ + "/typed.pb", typed);
  result = Run({model_, "--input", "x=" + dir_ + "/typed.pb"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find("= 0.5 -1 2\n"), std::string::npos) << result.out;
  // int64 data where the model takes f32.
  std::vector<uint8_t> ints = {0x08, 0x03, 0x10, 0x07, 0x3a, 0x03, 1, 2, 3};
  WriteBytes(dir_ + "/ints.pb", ints);
  ExpectError({model_, "--input", "x=" + dir_ + "/ints.pb"},
              "holds i64, the model takes f32");
  WriteBytes(dir_ + "/bad.pb", {0x0a, 0x7f, 0x01});
  ExpectError({model_, "--input", "x=" + dir_ + "/bad.pb"},
              "malformed protobuf (field 1");
}

TEST_F(KilnRunTest, RandomInputs) {
  Result shaped = Run(
      {model_, "--input", "x=random", "--input-shape", "x=4x3", "--seed", "5"});
  ASSERT_EQ(shaped.exit_code, 0) << shaped.err;
  EXPECT_NE(shaped.out.find("out/y:0: f32 [4,3] ="), std::string::npos);
  Result again = Run(
      {model_, "--input", "x=random", "--input-shape", "x=4x3", "--seed", "5"});
  EXPECT_EQ(shaped.out, again.out);  // seeded
  Result other = Run(
      {model_, "--input", "x=random", "--input-shape", "x=4x3", "--seed", "6"});
  EXPECT_NE(shaped.out, other.out);
  Result defaulted = Run({model_, "--input=x=random"});
  ASSERT_EQ(defaulted.exit_code, 0) << defaulted.err;
  EXPECT_NE(defaulted.out.find("out/y:0: f32 [1,3] ="), std::string::npos)
      << defaulted.out;
}

TEST_F(KilnRunTest, PrintAndBench) {
  Result all = Run({model_, "--input", "x=random", "--print"});
  ASSERT_EQ(all.exit_code, 0) << all.err;
  EXPECT_NE(all.out.find("z: i64 [12] = 7 7 7 7 7 7 7 7 7 7 7 7\n"),
            std::string::npos)
      << all.out;
  Result bench = Run({model_, "--input", "x=random", "--bench", "5", "--warmup",
                      "2", "--threads", "1"});
  ASSERT_EQ(bench.exit_code, 0) << bench.err;
  EXPECT_NE(bench.out.find("latency (ms) over 5 runs: min "), std::string::npos)
      << bench.out;
  for (const char* statistic : {" median ", " p90 ", " p99 ", " mean "}) {
    EXPECT_NE(bench.out.find(statistic), std::string::npos) << statistic;
  }
  Result profile = Run({model_, "--input", "x=random", "--bench", "3",
                        "--profile-csv", dir_ + "/profile.csv"});
  ASSERT_EQ(profile.exit_code, 0) << profile.err;
  EXPECT_NE(profile.out.find("profile over 3 runs: "), std::string::npos)
      << profile.out;
  EXPECT_NE(profile.out.find("slowest "), std::string::npos) << profile.out;
  std::string csv = ReadText(dir_ + "/profile.csv");
  EXPECT_EQ(csv.rfind("command,name,kind,runs,total_ns,flops,bytes\n0,", 0),
            0u)
      << csv;
  Result help = Run({"--help"});
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.out.find("usage: kiln-run MODEL.kiln"), std::string::npos);
}

TEST_F(KilnRunTest, Errors) {
  double wide[3] = {1, 2, 3};
  WriteBytes(dir_ + "/f64.npy", Npy("<f8", "(1, 3)", wide, sizeof(wide)));
  WriteBytes(dir_ + "/junk.npy", {1, 2, 3});
  float x[2] = {1, 2};
  WriteBytes(dir_ + "/rank1.npy", Npy("<f4", "(2,)", x, sizeof(x)));
  WriteBytes(dir_ + "/short.npy", Npy("<f4", "(1, 3)", x, sizeof(x)));
  ExpectError({}, "no model given");
  ExpectError({dir_ + "/missing.kiln"}, "cannot open: No such file");
  ExpectError({dir_ + "/x.npy.kiln"}, "cannot open");
  ExpectError({model_, "--frobnicate"}, "unknown option '--frobnicate'");
  ExpectError({model_, "--bench", "zero"},
              "--bench expects an integer in [1, 100000000], got 'zero'");
  ExpectError({model_, "--input", "q=random"},
              "function 'main' has no input 'q' (inputs: x)");
  ExpectError({model_},
              "input 'x' has no value; pass --input "
              "x=FILE.npy|FILE.pb|random");
  ExpectError({model_, "--input", "x=" + dir_ + "/f64.npy"},
              "holds f64, the model takes f32");
  ExpectError({model_, "--input", "x=" + dir_ + "/junk.npy"},
              "not a .npy file");
  ExpectError({model_, "--input", "x=" + dir_ + "/short.npy"},
              "holds 8 data bytes, its header describes 12");
  ExpectError({model_, "--input", "x=" + dir_ + "/x.txt"},
              "is not a .npy or .pb file, nor 'random'");
  ExpectError({model_, "--input", "x=" + dir_ + "/rank1.npy"},
              "input 'x': expected rank 2 [?,3], given rank 1 [2]");
  ExpectError({model_, "--input", "x=random", "--input-shape", "x=2x4"},
              "input 'x': dim 1 expected 3, given 4");
  ExpectError({model_, "--input", "x=random", "--device", "tpu"},
              "unknown device 'tpu'");
  ExpectError({model_, "--input", "x=random", "--function", "train"},
              "the model has no function 'train'");
  // An artifact that is not one.
  WriteBytes(dir_ + "/bad.kiln", {'n', 'o', 'p', 'e', 0, 0, 0, 0, 0});
  ExpectError({dir_ + "/bad.kiln"}, "not a Kiln artifact");
}

}  // namespace
}  // namespace kiln::testing
