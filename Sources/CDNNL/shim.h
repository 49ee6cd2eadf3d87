#include <oneapi/dnnl/dnnl.h>
/* Debian's libdnnl (oneDNN 2.x) runs its parallel regions on OpenMP (libgomp): the engine sets the team
   size of the thread that calls oneDNN (see Sources/NeuralEngine/README.md, threading policy). */
void omp_set_num_threads(int);
int omp_get_max_threads(void);

/* Execution argument indices (the header's macros, as constants Swift can import). */
static const int cdnnl_arg_src = DNNL_ARG_SRC;
static const int cdnnl_arg_from = DNNL_ARG_FROM;
static const int cdnnl_arg_to = DNNL_ARG_TO;
static const int cdnnl_arg_dst = DNNL_ARG_DST;
static const int cdnnl_arg_weights = DNNL_ARG_WEIGHTS;
static const int cdnnl_arg_bias = DNNL_ARG_BIAS;
static const int cdnnl_arg_diff_src = DNNL_ARG_DIFF_SRC;
static const int cdnnl_arg_diff_dst = DNNL_ARG_DIFF_DST;
static const int cdnnl_arg_diff_weights = DNNL_ARG_DIFF_WEIGHTS;
static const int cdnnl_arg_diff_bias = DNNL_ARG_DIFF_BIAS;
static const int cdnnl_arg_scratchpad = DNNL_ARG_SCRATCHPAD;
