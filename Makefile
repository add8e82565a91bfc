# todo: build, test, bench. `make` leaves ./todo (and ./todo-server once it
# exists) at the top of the checkout; `make test` builds an ASan+UBSan copy in
# build/asan and runs every test against it.
CC       ?= cc
PREFIX   ?= /usr/local
DESTDIR  ?=
PKGS_CORE = sqlite3 libcjson
PKGS_CLI  = readline ncursesw
PKGS_SRV  = libmicrohttpd libpq openssl
VERSION  := 0.1.0

WARN     = -std=c11 -Wall -Wextra -Werror -Wshadow -Wno-unused-parameter
DEFS     = -D_DEFAULT_SOURCE -D_XOPEN_SOURCE=700 -DTODO_VERSION=\"$(VERSION)\"
# libcurl is loaded at run time (core/curl_dl.c): headers only.
PKG_CFLAGS := $(filter-out -D%,$(shell pkg-config --cflags $(PKGS_CORE) $(PKGS_CLI) $(PKGS_SRV) libcurl 2>/dev/null))
PKG_LIBS   := $(shell pkg-config --libs $(PKGS_CORE) $(PKGS_CLI) 2>/dev/null)
SRV_LIBS   := $(shell pkg-config --libs $(PKGS_CORE) $(PKGS_SRV) 2>/dev/null)
CFLAGS  ?= -O2 -g
ALL_CFLAGS = $(WARN) $(DEFS) -Icore -Icli $(PKG_CFLAGS) $(CFLAGS) -MMD -MP
LIBS     = $(PKG_LIBS) -ldl -lm -lpthread

SAN      = -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined

CORE_SRC = $(sort $(wildcard core/*.c))
CLI_SRC  = $(sort $(wildcard cli/*.c) $(wildcard tui/*.c))
SRV_SRC  = $(sort $(wildcard server/*.c))
# todo-server is built once server/ holds its sources.
SRV_BIN  = $(if $(SRV_SRC),todo-server,)
UNIT_SRC = $(sort $(wildcard tests/unit/test_*.c))
# The web page at / (server/route_web.c): the files themselves, linked in
# as data by `ld -r -b binary` (symbols _binary_server_web_<name>_start/_end).
WEB_SRC  = $(if $(SRV_SRC),$(sort $(wildcard server/web/*.html server/web/*.js server/web/*.css)),)
WEB_OBJ  = $(patsubst %,build/web/%.o,$(WEB_SRC))

# Two trees of objects: build/rel (the programs at the top) and build/asan.
rel_obj  = $(patsubst %.c,build/rel/%.o,$(1))
asan_obj = $(patsubst %.c,build/asan/%.o,$(1))

.SECONDARY:
.PHONY: all deps run test unit bench fuzz install clean check-deps
all: todo $(SRV_BIN)

todo: $(call rel_obj,$(CORE_SRC) $(CLI_SRC))
	$(CC) $(CFLAGS) -o $@ $^ $(LIBS)

build/rel/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

build/asan/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(SAN) -O1 -c -o $@ $<

# -z noexecstack: a data object has no .note.GNU-stack of its own.
build/web/%.o: %
	@mkdir -p $(dir $@)
	$(LD) -r -b binary -z noexecstack -o $@ $<

build/asan/todo: $(call asan_obj,$(CORE_SRC) $(CLI_SRC))
	$(CC) $(SAN) -o $@ $^ $(LIBS)

todo-server: $(call rel_obj,$(CORE_SRC) $(SRV_SRC)) $(WEB_OBJ)
	$(CC) $(CFLAGS) -o $@ $^ $(SRV_LIBS) -ldl -lm -lpthread

build/asan/todo-server: $(call asan_obj,$(CORE_SRC) $(SRV_SRC)) $(WEB_OBJ)
	$(CC) $(SAN) -o $@ $^ $(SRV_LIBS) -ldl -lm -lpthread

build/asan/unit/%: build/asan/tests/unit/%.o $(call asan_obj,$(CORE_SRC))
	@mkdir -p $(dir $@)
	$(CC) $(SAN) -o $@ $^ $(LIBS)

UNIT_BINS = $(patsubst tests/unit/%.c,build/asan/unit/%,$(UNIT_SRC))

# --- todo-server unit tests (test_srv_*): the server's objects but main.o ---
# The server links libcurl itself (ChatKit sessions), even where the core
# loads it at run time.
SRV_LIBS += $(shell pkg-config --libs libcurl 2>/dev/null)
SRV_TEST_OBJ = $(call asan_obj,$(filter-out server/main.c,$(SRV_SRC))) $(WEB_OBJ)
build/asan/unit/test_srv_%: build/asan/tests/unit/test_srv_%.o $(SRV_TEST_OBJ) $(call asan_obj,$(CORE_SRC))
	@mkdir -p $(dir $@)
	$(CC) $(SAN) -o $@ $^ $(SRV_LIBS) -lm -lpthread
# The write queue's hand-offs between threads, under ThreadSanitizer too:
# ASan does not see a data race.
TSAN = -fsanitize=thread -fno-omit-frame-pointer
tsan_obj = $(patsubst %.c,build/tsan/%.o,$(1))
build/tsan/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(TSAN) -O1 -c -o $@ $<
TSAN_BINS = build/tsan/unit/test_srv_writes
build/tsan/unit/test_srv_%: build/tsan/tests/unit/test_srv_%.o \
		$(call tsan_obj,$(filter-out server/main.c,$(SRV_SRC)) $(CORE_SRC)) $(WEB_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(TSAN) -o $@ $^ $(SRV_LIBS) -ldl -lm -lpthread
# --- end todo-server unit tests ---

# Installs what the build and the tests need from Debian; does nothing when
# everything is there already.
DEB_PKGS = gcc make clang libclang-rt-14-dev libtsan2 pkg-config libsqlite3-dev sqlite3 libcjson-dev \
	libreadline-dev libncursesw5-dev libcurl4-openssl-dev libmicrohttpd-dev \
	libpq-dev libssl-dev python3 tmux hyperfine taskwarrior wrk chromium postgresql curl time
deps:
	@missing=""; for p in $(DEB_PKGS); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  SUDO=""; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	  $$SUDO apt-get update -q && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -q $$missing; \
	fi; \
	if ! command -v node >/dev/null || ! command -v npm >/dev/null; then \
	  SUDO=""; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	  $$SUDO apt-get update -q && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -q nodejs npm; \
	fi

run: deps
	$(MAKE) todo
	./todo

test: deps
	$(MAKE) -j$$(nproc) build/asan/todo $(if $(SRV_SRC),build/asan/todo-server,) $(UNIT_BINS) $(TSAN_BINS) todo $(SRV_BIN)
	@tests/run.sh

unit: $(UNIT_BINS) $(TSAN_BINS)

bench: deps todo $(SRV_BIN)
	tests/bench/run.sh
	tests/bench/sync.sh
	tests/bench/server.sh
	tests/bench/server_pg.sh

# libFuzzer over the pure NLU step and date phrases (clang); FUZZ_TIME seconds.
FUZZ_TIME ?= 60
FUZZ_SRC = tests/fuzz/fuzz_nlu.c $(wildcard core/nlu_lex.c core/nlu_slots.c core/nlu_intent.c \
	core/nlu_list.c core/nlu_change.c) core/date.c core/util.c core/err.c
fuzz: build/fuzz/fuzz_nlu
	@mkdir -p build/fuzz/corpus
	build/fuzz/fuzz_nlu -max_total_time=$(FUZZ_TIME) -max_len=4096 -artifact_prefix=build/fuzz/ build/fuzz/corpus
build/fuzz/fuzz_nlu: $(FUZZ_SRC) $(wildcard core/*.h)
	@mkdir -p build/fuzz
	clang -std=c11 -g -O1 $(DEFS) -Icore $(PKG_CFLAGS) -fsanitize=fuzzer,address,undefined \
		-fno-sanitize-recover=undefined -o $@ $(FUZZ_SRC)

install: todo $(SRV_BIN)
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 755 todo $(DESTDIR)$(PREFIX)/bin/todo
	install -m 644 man/todo.1 $(DESTDIR)$(PREFIX)/share/man/man1/todo.1
	$(if $(SRV_BIN),install -m 755 todo-server $(DESTDIR)$(PREFIX)/bin/todo-server)
	$(if $(SRV_BIN),install -m 644 man/todo-server.1 $(DESTDIR)$(PREFIX)/share/man/man1/todo-server.1)

clean:
	rm -rf build todo todo-server tests/out

-include $(shell find build -name '*.d' 2>/dev/null)
