#!/bin/sh
# nrnmech.sh [DIR] compiles the NMODL files (*.mod) of DIR (default: the
# folder of this script) into DIR/x86_64/.libs/libnrnmech.so, which
# NEURON loads with nrn_load_dll and PyNN with load_mechanisms.
#
# nrnivmodl does it where it works. Debian's (NEURON 8.2.2) calls make with
# -f /usr/bin/nrnmech_makefile, which the package installs as
# /usr/lib/nrn/nrnmech_makefile, and with libdir=/usr/lib while libnrniv.so
# is in /usr/lib/nrn; nrnivmodl still writes the generated files, so make is
# then run on them with the right paths:
#   make -f /usr/lib/nrn/nrnmech_makefile ROOT=/usr libdir=/usr/lib/nrn \
#        MODOBJFILES="./a.o ./b.o" UserLDFLAGS= UserINCFLAGS= LinkCoreNEURON=false mech_lib_shared
# PyNN's own mechanisms (Debian ships them uncompiled) are built the same way:
#   sh nrnmech.sh /usr/lib/python3/dist-packages/pyNN/neuron/nmodl   (as root)
set -e
dir=${1:-$(dirname "$0")}
cd "$dir"
lib=x86_64/.libs/libnrnmech.so
[ -f "$lib" ] && exit 0
nrnivmodl >nrnivmodl.log 2>&1 || true
if [ ! -f "$lib" ]; then
    mk=
    for f in /usr/lib/nrn/nrnmech_makefile /usr/bin/nrnmech_makefile /usr/share/nrn/nrnmech_makefile; do
        [ -f "$f" ] && mk=$f && break
    done
    [ -n "$mk" ] || { echo "nrnmech.sh: no nrnmech_makefile found (is neuron-dev installed?)" >&2; exit 1; }
    libdir=$(dirname "$(ls /usr/lib/nrn/libnrniv.so /usr/lib/libnrniv.so /usr/lib/x86_64-linux-gnu/libnrniv.so 2>/dev/null | head -1)")
    objs=
    for m in *.mod; do objs="$objs ./${m%.mod}.o"; done
    (cd x86_64 && make -f "$mk" ROOT=/usr libdir="$libdir" MODOBJFILES="$objs" UserLDFLAGS= UserINCFLAGS= \
        LinkCoreNEURON=false mech_lib_shared) >>nrnivmodl.log 2>&1 || { tail -20 nrnivmodl.log >&2; exit 1; }
fi
[ -f "$lib" ] || { echo "nrnmech.sh: $lib was not built; see $dir/nrnivmodl.log" >&2; exit 1; }
