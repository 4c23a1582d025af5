/* hash: mlp_hash, the counter-based, multiply-free random word behind every
 * stochastic rounding and every initial weight (docs/numerics.md section 2). */
#ifndef MLPGEN_HASH_H
#define MLPGEN_HASH_H

#include <stdint.h>

/* Tensor ids of docs/numerics.md section 2. */
enum mlp_tensor {
    MLP_T_WEIGHTS = 0, MLP_T_BIASES = 1, MLP_T_MOM_W = 2, MLP_T_MOM_B = 3,
    MLP_T_M2_W = 4, MLP_T_M2_B = 5, MLP_T_Z = 8, MLP_T_A = 9, MLP_T_DELTA = 10,
    MLP_T_G = 11, MLP_T_DROPOUT = 12, MLP_T_INIT = 16, MLP_T_COUNT = 17
};

uint32_t mlp_hash(uint32_t seed, uint8_t layer, uint8_t tensor, uint16_t row,
                  uint32_t col, uint32_t step);

#endif
