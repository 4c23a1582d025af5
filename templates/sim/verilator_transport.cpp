// verilator_transport.cpp: the Verilated core as a struct hw_transport
// (runtime/hw_core.h). C++ only because Verilator's model is a C++ class;
// everything else of the host is C. AXI4-Lite transactions and the two
// streams are driven cycle by cycle here. MLPGEN_RECORD=FILE records the
// traffic, one line per event, "OP A B C CYCLE" in hex but the cycle:
//   1 addr data bresp   AXI4-Lite write (cycle: when B was accepted)
//   2 addr data rresp   AXI4-Lite read with the data returned
//   3 word last 0       a word queued for the input stream
//   4 0 0 0             the interrupt was seen (end of a command)
//   5 word 0 0          a word taken from the output stream
// tests/hw/tb_replay.v replays it under Icarus and compares responses.
//
// peek32 reads the state without a clock cycle: the PE memories and the
// control core's counters and clocks, which sim_public.vlt makes public
// (public_flat_rd), found by their hierarchical names in the model's scope
// table. A peek is not recorded (the bus does not see it).
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <memory>
#include <string>
#include <unordered_map>

#include "Vcore.h"
#include "verilated.h"
#include "verilated_syms.h"
#if VM_TRACE
#include "verilated_fst_c.h"
#endif

extern "C" {
#include "sim_net.h"
}

namespace {

struct vt {
    std::unique_ptr<VerilatedContext> ctx;
    std::unique_ptr<Vcore> top;
#if VM_TRACE
    std::unique_ptr<VerilatedFstC> fst;
#endif
    std::deque<uint32_t> in;
    std::deque<bool> in_last;
    std::deque<uint32_t> out;
    unsigned long long cycles = 0;
    std::FILE *rec = nullptr;
    // the backdoor: the selected core's scope ("" when the model has no
    // public state), its registers, and the PE memories met so far
    std::string core;
    const VerilatedVar *ovf = nullptr, *steps = nullptr, *samples = nullptr, *clk = nullptr;
    // the saturation counters in block RAM (mlp_event_counters RAM = 1):
    // word k reads as valid[k] ? mem[k] : 0 (exact while the core is idle)
    const VerilatedVar *ovf_mem = nullptr, *ovf_valid = nullptr;
    std::unordered_map<uint32_t, const VerilatedVar *> mems;
};

// Element idx of a public variable as the bus returns it: the low 32 bits,
// sign-extended from a narrower word (as the layer windows return W and V).
int vt_var_word(const VerilatedVar *var, int idx, uint32_t *val)
{
    if (!var)
        return -1;
    void *p = var->datap();
    if (var->udims() > 0) {
        if (idx < var->low(1) || idx > var->high(1))
            return -1;
        p = var->datapAdjustIndex(p, 1, idx);
    } else if (idx != 0) {
        return -1;
    }
    if (!p)
        return -1;
    uint32_t v;
    switch (var->vltype()) {
    case VLVT_UINT8: v = *static_cast<const uint8_t *>(p); break;
    case VLVT_UINT16: v = *static_cast<const uint16_t *>(p); break;
    case VLVT_UINT32: v = *static_cast<const uint32_t *>(p); break;
    case VLVT_UINT64: v = static_cast<uint32_t>(*static_cast<const uint64_t *>(p)); break;
    case VLVT_WDATA: v = static_cast<const uint32_t *>(p)[0]; break;
    default: return -1;
    }
    int w = var->dims() > var->udims() ? var->packed().elements() : 1;
    if (w < 32) {
        uint32_t m = 1u << (w - 1);
        v &= (m << 1) - 1u;
        v = (v ^ m) - m;
    }
    *val = v;
    return 0;
}

// Bit idx of a public packed vector (the counters' valid bits).
int vt_var_bit(const VerilatedVar *var, int idx, int *bit)
{
    if (!var || var->udims() > 0 || idx < 0)
        return -1;
    const void *p = var->datap();
    int w = var->dims() > 0 ? var->packed().elements() : 1;
    if (!p || idx >= w)
        return -1;
    uint64_t word;
    switch (var->vltype()) {
    case VLVT_UINT8: word = *static_cast<const uint8_t *>(p); break;
    case VLVT_UINT16: word = *static_cast<const uint16_t *>(p); break;
    case VLVT_UINT32: word = *static_cast<const uint32_t *>(p); break;
    case VLVT_UINT64: word = *static_cast<const uint64_t *>(p); break;
    case VLVT_WDATA: word = static_cast<const uint32_t *>(p)[idx / 32] >> (idx % 32); idx = 0; break;
    default: return -1;
    }
    *bit = static_cast<int>((word >> idx) & 1u);
    return 0;
}

// Saturation counter k as the bus returns it while the core is idle.
int vt_ovf_word(vt *v, int idx, uint32_t *val)
{
    if (v->ovf)
        return vt_var_word(v->ovf, idx, val);
    int bit;
    if (vt_var_bit(v->ovf_valid, idx, &bit) != 0)
        return -1;
    if (!bit) {
        *val = 0;
        return 0;
    }
    return vt_var_word(v->ovf_mem, idx, val);
}

const VerilatedVar *vt_var(vt *v, const std::string &scope, const char *name)
{
    const VerilatedScope *sc = v->ctx->scopeFind(scope.c_str());
    return sc ? sc->varFind(name) : nullptr;
}

bool vt_ends_with(const std::string &s, const std::string &tail)
{
    return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

// The core's scope: the one control core (u_ctrl with the public step
// counter), or in a multi-core model (tests/hw/hwgen multi) core c<sel>.
void vt_find_core(vt *v, int sel)
{
    const VerilatedScopeNameMap *m = v->ctx->scopeNameMap();
    if (!m)
        return;
    std::string want = ".c" + std::to_string(sel) + ".u_ctrl", one, mine;
    int n = 0;
    for (const auto &e : *m) {
        std::string name = e.first;
        if (!vt_ends_with(name, ".u_ctrl") || !e.second->varFind("step_cnt"))
            continue;
        n++;
        one = name;
        if (vt_ends_with(name, want))
            mine = name;
    }
    std::string found = n == 1 ? one : mine;
    if (found.empty())
        return;
    v->core = found.substr(0, found.size() - 7);
    v->ovf = vt_var(v, found + ".g_cnt.u_cnt.g_reg", "cnt");
    if (!v->ovf) {
        v->ovf_mem = vt_var(v, found + ".g_cnt.u_cnt.g_ram.u_mem.g_bundef", "mem");
        v->ovf_valid = vt_var(v, found + ".g_cnt.u_cnt.g_ram", "valid");
    }
    v->steps = vt_var(v, found, "step_cnt");
    v->samples = vt_var(v, found, "sample_cnt");
    v->clk = vt_var(v, found, "cycles");
}

// PE p's memory sel (0 weights, 1 gradient, 2 momentum) of layer l.
const VerilatedVar *vt_mem(vt *v, int l, int sel, int p)
{
    uint32_t key = (static_cast<uint32_t>(l) << 24) | (static_cast<uint32_t>(sel) << 20) |
                   static_cast<uint32_t>(p);
    auto it = v->mems.find(key);
    if (it != v->mems.end())
        return it->second;
    // mlp_dense_pe: a two-port memory (mlp_ram_dp: g_old, g_undef, g_bundef
    // or g_bold) or a single-ported one (MEM_SP, mlp_ram_sp: g_auto,
    // g_block or g_huge); a single-ported G split between SPRAM (g_lo, 32
    // bits or all of G: the low 32 bits the bus returns) and block RAM
    // (g_hi) is read through g_lo
    static const char *const dp[] = {"g_w_dp.u_ram_w", "g_g_dp.u_ram_g", "g_v.u_ram_v"};   // (V: HAS_V = 1)
    static const char *const sp[][2] = {{"g_w_sp.u_ram_w", nullptr},
                                        {"g_g_sp.g_lo.u_ram_g", "g_g_sp.g_hi.u_ram_g"},
                                        {"g_v_sp.u_ram_v", nullptr}};
    std::string pe = v->core + ".u_l" + std::to_string(l) + ".g_pe[" + std::to_string(p) + "].u_pe.";
    const VerilatedVar *var = nullptr;
    for (const char *blk : {"g_old", "g_undef", "g_bundef", "g_bold"})
        if (!var)
            var = vt_var(v, pe + dp[sel] + "." + blk, "mem");
    for (int k = 0; k < 2 && sp[sel][k]; k++)
        for (const char *blk : {"g_auto", "g_block", "g_huge"})
            if (!var)
                var = vt_var(v, pe + sp[sel][k] + "." + blk, "mem");
    v->mems[key] = var;
    return var;
}

int vt_peek32(void *c, const hw_layout *lo, uint32_t addr, uint32_t *val)
{
    vt *v = static_cast<vt *>(c);
    if (v->core.empty() || (addr & 3u) != 0)
        return -1;
    uint32_t region = addr >> lo->lrb;
    if (region == 0) {
        switch (addr) {
        case HW_REG_STEPS: return vt_var_word(v->steps, 0, val);
        case HW_REG_SAMPLES: return vt_var_word(v->samples, 0, val);
        case HW_REG_CYCLES: return vt_var_word(v->clk, 0, val);
        default: break;
        }
        if (addr >= HW_REG_OVF && addr < HW_REG_PERF)
            return vt_ovf_word(v, static_cast<int>((addr - HW_REG_OVF) / 4u), val);
        return -1;
    }
    int l = static_cast<int>(region) - 1;
    if (l >= lo->n_layers)
        return -1;
    const hw_layer_layout *h = &lo->layer[l];
    uint32_t word = (addr & ((1u << lo->lrb) - 1u)) >> 2;
    uint32_t sel = word >> (h->aw + h->pw);
    uint32_t p = (word >> h->aw) & ((1u << h->pw) - 1u);
    uint32_t a = word & ((1u << h->aw) - 1u);
    if (sel > 2 || p >= static_cast<uint32_t>(h->pes))
        return -1;
    const VerilatedVar *mem = vt_mem(v, l, static_cast<int>(sel), static_cast<int>(p));
    if (!mem && sel == 2 && vt_mem(v, l, 0, static_cast<int>(p))) {
        // a PE without V (mlp_dense_pe HAS_V = 0, a net without momentum)
        // reads 0 there, as over the bus
        *val = 0;
        return 0;
    }
    return vt_var_word(mem, static_cast<int>(a), val);
}

void vt_rec(vt *v, int op, uint32_t a, uint32_t b, uint32_t c)
{
    if (v->rec)
        std::fprintf(v->rec, "%d %x %x %x %llu\n", op, a, b, c, v->cycles);
}

void vt_tick(vt *v)
{
    Vcore *t = v->top.get();
    t->s_axis_in_tvalid = v->in.empty() ? 0 : 1;
    t->s_axis_in_tdata = v->in.empty() ? 0 : v->in.front();
    t->s_axis_in_tlast = v->in.empty() ? 0 : (v->in_last.front() ? 1 : 0);
    t->m_axis_out_tready = 1;
    t->ap_clk = 0;
    t->eval();
#if VM_TRACE
    if (v->fst) v->fst->dump(static_cast<uint64_t>(v->cycles * 2));
#endif
    bool in_fire = t->s_axis_in_tvalid && t->s_axis_in_tready;
    bool out_fire = t->m_axis_out_tvalid && t->m_axis_out_tready;
    uint32_t out_data = t->m_axis_out_tdata;
    t->ap_clk = 1;
    t->eval();
#if VM_TRACE
    if (v->fst) v->fst->dump(static_cast<uint64_t>(v->cycles * 2 + 1));
#endif
    v->cycles++;
    if (in_fire) {
        v->in.pop_front();
        v->in_last.pop_front();
    }
    if (out_fire)
        v->out.push_back(out_data);
}

int vt_write32(void *c, uint32_t addr, uint32_t val)
{
    vt *v = static_cast<vt *>(c);
    Vcore *t = v->top.get();
    t->s_axi_control_awaddr = addr;
    t->s_axi_control_awvalid = 1;
    t->s_axi_control_wdata = val;
    t->s_axi_control_wstrb = 0xF;
    t->s_axi_control_wvalid = 1;
    t->s_axi_control_bready = 1;
    for (int n = 0; n < 1000; n++) {
        t->ap_clk = 0;
        t->eval();
        bool aw = t->s_axi_control_awvalid && t->s_axi_control_awready;
        bool w = t->s_axi_control_wvalid && t->s_axi_control_wready;
        bool b = t->s_axi_control_bvalid && t->s_axi_control_bready;
        uint32_t bresp = t->s_axi_control_bresp;
        vt_tick(v);
        if (aw) t->s_axi_control_awvalid = 0;
        if (w) t->s_axi_control_wvalid = 0;
        if (b) {
            t->s_axi_control_bready = 0;
            vt_rec(v, 1, addr, val, bresp);
            return 0;
        }
    }
    return -1;
}

int vt_read32(void *c, uint32_t addr, uint32_t *val)
{
    vt *v = static_cast<vt *>(c);
    Vcore *t = v->top.get();
    t->s_axi_control_araddr = addr;
    t->s_axi_control_arvalid = 1;
    t->s_axi_control_rready = 1;
    for (int n = 0; n < 1000; n++) {
        t->ap_clk = 0;
        t->eval();
        bool ar = t->s_axi_control_arvalid && t->s_axi_control_arready;
        bool r = t->s_axi_control_rvalid && t->s_axi_control_rready;
        uint32_t data = t->s_axi_control_rdata;
        uint32_t rresp = t->s_axi_control_rresp;
        vt_tick(v);
        if (ar) t->s_axi_control_arvalid = 0;
        if (r) {
            t->s_axi_control_rready = 0;
            *val = data;
            vt_rec(v, 2, addr, data, rresp);
            return 0;
        }
    }
    return -1;
}

int vt_push(void *c, const uint32_t *w, size_t n)
{
    vt *v = static_cast<vt *>(c);
    for (size_t i = 0; i < n; i++) {
        v->in.push_back(w[i]);
        v->in_last.push_back(i + 1 == n);
        vt_rec(v, 3, w[i], i + 1 == n ? 1u : 0u, 0);
    }
    return 0;
}

int vt_wait_done(void *c, uint64_t max_cycles)
{
    vt *v = static_cast<vt *>(c);
    for (uint64_t n = 0; n < max_cycles; n++) {
        if (v->top->__SYM__interrupt) {  // Verilator renames the port `interrupt`
            vt_rec(v, 4, 0, 0, 0);
            return 0;
        }
        vt_tick(v);
    }
    return -1;
}

int vt_pop(void *c, uint32_t *w, size_t n)
{
    vt *v = static_cast<vt *>(c);
    if (v->out.size() < n)
        return -1;
    for (size_t i = 0; i < n; i++) {
        w[i] = v->out.front();
        v->out.pop_front();
        vt_rec(v, 5, w[i], 0, 0);
    }
    return 0;
}

void vt_close(void *c)
{
    vt *v = static_cast<vt *>(c);
#if VM_TRACE
    if (v->fst) v->fst->close();
#endif
    v->top->final();
    if (v->rec)
        std::fclose(v->rec);
    delete v;
}

const hw_transport_ops vt_ops = {vt_write32, vt_read32, vt_push, vt_wait_done, vt_pop, vt_close,
                                 vt_peek32};

} // namespace

extern "C" int vt_open_core(const char *fst, int sel, struct hw_transport *tr)
{
    vt *v = new vt;
    if (const char *rec = std::getenv("MLPGEN_RECORD")) {
        char name[4096];
        if (sel == 0)
            std::snprintf(name, sizeof name, "%s", rec);
        else
            std::snprintf(name, sizeof name, "%s.%d", rec, sel);
        v->rec = std::fopen(name, "w");
        if (!v->rec) {
            std::fprintf(stderr, "sim: cannot write %s\n", name);
            delete v;
            return -1;
        }
    }
    v->ctx = std::make_unique<VerilatedContext>();
#if VM_TRACE
    if (fst)
        v->ctx->traceEverOn(true);   // before the model exists
#endif
    v->top = std::make_unique<Vcore>(v->ctx.get(), "core");
#if VM_TRACE
    if (fst) {
        v->fst = std::make_unique<VerilatedFstC>();
        v->top->trace(v->fst.get(), 99);
        v->fst->open(fst);
    }
#else
    if (fst)
        std::fprintf(stderr, "sim: built without tracing (configure with -DSIM_TRACE=ON)\n");
#endif
    Vcore *t = v->top.get();
#ifdef SIM_MULTI
    t->sel = static_cast<uint8_t>(sel);
#endif
    vt_find_core(v, sel);
    t->ap_rst_n = 0;
    t->s_axi_control_awvalid = 0;
    t->s_axi_control_wvalid = 0;
    t->s_axi_control_arvalid = 0;
    t->s_axi_control_bready = 0;
    t->s_axi_control_rready = 0;
    for (int i = 0; i < 8; i++)
        vt_tick(v);
    t->ap_rst_n = 1;
    for (int i = 0; i < 4; i++)
        vt_tick(v);
    tr->ops = &vt_ops;
    tr->ctx = v;
    return 0;
}

extern "C" int vt_open(const char *fst, struct hw_transport *tr)
{
    return vt_open_core(fst, 0, tr);
}

extern "C" unsigned long long vt_cycles(void *ctx)
{
    return static_cast<vt *>(ctx)->cycles;
}
