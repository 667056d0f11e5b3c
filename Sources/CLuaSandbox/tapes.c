// tapes.c — building values from a flat "tape" in one protected call.
//
// Guarantee: a tape that runs out of memory leaves nothing half-built on the stack; shared
// values are frozen into read-only views. Proved by ValueCrossingTests and SharedValueTests.

#include "ks_internal.h"

typedef struct tape { const ks_op *ops; size_t count; const char *strings; int pushed; } tape;

static int run_tape(lua_State *L) {
    tape *t = (tape *)lua_touserdata(L, -1);
    lua_pop(L, 1);  // below it: the values the caller handed in, which the tape may store into
    for (size_t i = 0; i < t->count; i++) {
        const ks_op *op = &t->ops[i];
        if ((i & 63) == 0) luaL_checkstack(L, 80, "value nested too deeply");
        switch (op->tag) {
        case KS_OP_NIL: lua_pushnil(L); break;
        case KS_OP_FALSE: lua_pushboolean(L, 0); break;
        case KS_OP_TRUE: lua_pushboolean(L, 1); break;
        case KS_OP_INT: lua_pushinteger(L, (lua_Integer)op->a); break;
        case KS_OP_NUM: lua_pushnumber(L, (lua_Number)op->d); break;
        case KS_OP_STR: lua_pushlstring(L, t->strings + op->a, (size_t)op->b); break;
        case KS_OP_TABLE: lua_createtable(L, op->narr, (int)op->a); break;
        case KS_OP_SETI:
            if (lua_gettop(L) < 2 || lua_type(L, -2) != LUA_TTABLE) return luaL_error(L, "internal error: tape sets an item outside a table");
            lua_rawseti(L, -2, (lua_Integer)op->a);
            break;
        case KS_OP_SETF:
            if (lua_gettop(L) < 2 || lua_type(L, -2) != LUA_TTABLE) return luaL_error(L, "internal error: tape sets a field outside a table");
            lua_pushlstring(L, t->strings + op->a, (size_t)op->b);
            lua_insert(L, -2);
            lua_rawset(L, -3);
            break;
        case KS_OP_SHARED:
        case KS_OP_FIELDS:
            lua_rawgeti(L, LUA_REGISTRYINDEX, (lua_Integer)op->a);
            if (!ks_push_real(L, -1)) return luaL_error(L, "internal error: tape names a shared value this state does not have");
            if (op->tag == KS_OP_SHARED) { lua_pop(L, 1); break; }
            lua_createtable(L, 0, 24);  // a copy of T's fields, to extend
            lua_pushnil(L);
            while (lua_next(L, -3)) {
                lua_pushvalue(L, -2);
                lua_insert(L, -2);
                lua_rawset(L, -4);
            }
            lua_replace(L, -3);
            lua_pop(L, 1);
            break;
        case KS_OP_ITEMS: {
            if (lua_gettop(L) < 1 || lua_type(L, -1) != LUA_TTABLE) return luaL_error(L, "internal error: tape appends items outside a table");
            lua_rawgeti(L, LUA_REGISTRYINDEX, (lua_Integer)op->a);
            if (!ks_push_real(L, -1)) return luaL_error(L, "internal error: tape names a shared value this state does not have");
            lua_Integer next = (lua_Integer)lua_rawlen(L, -3) + 1;
            if (op->b < 1 || op->narr < 0 || op->b + op->narr - 1 > (int64_t)lua_rawlen(L, -1))
                return luaL_error(L, "internal error: tape picks items a shared list does not have");
            for (int32_t k = 0; k < op->narr; k++) {
                lua_rawgeti(L, -1, (lua_Integer)op->b + k);
                lua_rawseti(L, -4, next + k);
            }
            lua_pop(L, 2);
            break;
        }
        case KS_OP_FREEZE:
            if (lua_type(L, -1) != LUA_TTABLE) return luaL_error(L, "internal error: tape freezes a value that is not a table");
            ks_freeze_top(L);
            break;
        default: return luaL_error(L, "internal error: bad tape op %d", (int)op->tag);
        }
    }
    t->pushed = lua_gettop(L);
    return t->pushed;
}

int ks_push_tape(lua_State *L, const ks_op *ops, size_t count, const char *strings, int nargs, int *pushed) {
    tape t = {ops, count, strings, 0};
    lua_pushlightuserdata(L, &t);
    int status = ks_protected_call(L, run_tape, nargs + 1, LUA_MULTRET);
    *pushed = status == LUA_OK ? t.pushed : 0;
    return status;
}

