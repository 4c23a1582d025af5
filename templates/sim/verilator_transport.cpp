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
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <memory>

#include "Vcore.h"
#include "verilated.h"
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
};

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

const hw_transport_ops vt_ops = {vt_write32, vt_read32, vt_push, vt_wait_done, vt_pop, vt_close};

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
#else
    (void)sel;
#endif
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
