#!/bin/bash
# A CPU profile of the service under the bench's fixed 1:1 load (see ../PROFILE.md).
# usage: profile.sh <label> <rest|hub> <scale>   (scale 1 = 1,000 msgs/s); needs the Release build of the bench and
# dotnet-trace (dotnet tool install --tool-path /tmp/tools dotnet-trace; DOTNET_TRACE=/tmp/tools/dotnet-trace).
# Then: python3 buckets.py $OUT/<label>/trace.speedscope.json <µs CPU/msg printed in bench.log>
label=$1; transport=$2; scale=$3
cd "$(dirname "$0")/../../.."
out=${OUT:-/tmp/messaging-profile}/$label
mkdir -p $out
dotnet bench/Messaging.Bench/bin/Release/net10.0/OpenChat.Chain.Messaging.Bench.dll --fixed --scenarios direct --scale $scale \
  --transports $transport --no-baseline --warmup 8 --duration 30 > $out/bench.log 2>&1 &
bench=$!
# Wait for the load, then past its warm-up.
for i in $(seq 1 300); do grep -q "connecting" $out/bench.log && break; sleep 1; done
sleep 10
pid=$(pgrep -f "^dotnet $PWD/src/Api/bin/Release/net10.0/OpenChat.Chain.Api.dll" | head -1)
echo "service pid $pid" >> $out/meta
${DOTNET_TRACE:-dotnet-trace} collect -p $pid --profile dotnet-sampled-thread-time --duration 00:00:00:15 --format Speedscope -o $out/trace.nettrace > $out/trace.log 2>&1
wait $bench
echo done >> $out/meta
