// SPDX-License-Identifier: Apache-2.0
#include "passes/codegen/LoweringUtils.h"
using namespace mlir;
void mlir::kiln::populateNormalizationLoweringPatterns(TypeConverter &, RewritePatternSet &) {}
