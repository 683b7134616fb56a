# Summarises a dotnet-trace sampled-thread-time profile (speedscope JSON) of the service as a table of phases:
# samples of threads that wait (thread pool, epoll, locks, GC suspension of idle threads, the chain indexer's
# waits) are dropped, the rest is shared out by the frames each phase names, and scaled to the µs of CPU per
# message the bench measured from /proc. Phases overlap (a SQLite call inside the writer counts in both).
# usage: buckets.py trace.speedscope.json us_per_msg [top]
# With a third argument N, also the N frames with the most busy samples beneath them (inclusive) and as the running
# frame (exclusive): what no phase below names.
import json, sys, re, collections
d = json.load(open(sys.argv[1])); frames=[f['name'] for f in d['shared']['frames']]
us = float(sys.argv[2])
BLOCK = re.compile(r'WaitHandle|Monitor\.Wait|LowLevelLifoSemaphore|Thread\.Sleep|WaitOneCore|SemaphoreSlim\.Wait|ManualResetEventSlim\.Wait|SocketAsyncEngine\.EventLoop|WaitForSignal|WaitForSocketEvents|GateThread|TimerQueue|WaitSubsystem|SpinThenBlockingWait|Interop\+Sys\.Read\b|StreamReader|Console|FileSystemWatcher|PipeStream|Process\.|Interop\+Sys\.Poll|EventPipe|Diagnostics|WaitCore|ChainReads|ChainIndexer|GetRuntimeTypeFromHandleSlow|RunFinalizers')
IDLE = re.compile(r'DedicatedThreadPoolPipeScheduler\.RunWorkLoop|PollGCWorker|Monitor\.Enter_Slowpath|WorkerThreadStart\(\)$')
cats = [
 ('writer total (UpdateLog loop)', r'UpdateLog\+<ExecuteAsync>'),
 ('  EF SaveChanges in the writer', r'UpdateLog\+<CommitGroup>.*|__SAVE__'),
 ('  FTS index rows (SqliteMessageSearch.Index)', r'SqliteMessageSearch\+<Index>'),
 ('  chat LastSequence ExecuteUpdate', r'ExecuteUpdate'),
 # HubChatEvents.Publish only: its Deliver also runs under RedisChatEvents+<Received> (a cluster instance's pushes from the
 # other), which is not the writer's fan-out; under the writer it is inside SendPushes anyway.
 ('  push fan-out (member ids, Publish)', r'HubChatEvents\.Publish|SendPushes'),
 ('hub Send invocation (SignalR dispatch → handler)', r'ChatHub\+<Send>'),
 ('  Mediator pipeline + handler', r'Mediator\.Mediator\.Send'),
 ('    validation (FluentValidation)', r'ValidationBehavior.*ValidateAsync|FluentValidation'),
 ('    DbContext creation / DI scope', r'DbContext\.\.ctor|ResolveService|CreateScope'),
 ('    SendMessageHandler own work', r'SendMessageHandler'),
 ('REST send (endpoint)', r'MessageEndpoints'),
 ('session authentication', r'SessionAuthenticationHandler'),
 ('Kestrel socket send', r'SocketConnection\+<DoSend>'),
 ('Kestrel/SignalR receive + parse', r'DoReceive|HubConnectionHandler.*DispatchMessagesAsync|ProcessIncoming'),
 ('SignalR serialise (JSON/MessagePack)', r'JsonHubProtocol\.Write|MessagePackHubProtocol.*Write|SerializedHubMessage|WriteMessage'),
 ('EF query compilation/cache', r'QueryCompiler|CompiledQueryCache|ExpressionEqualityComparer|ParameterExtractingExpressionVisitor'),
 ('EF change tracking', r'StateManager\.StartTracking|DetectChanges|InternalEntityEntry'),
 ('SQLite native (sqlite3_step, prepare, bind)', r'SQLitePCL'),
 ('GC (suspended or collecting)', r'PollGC|GarbageCollect|GC\.'),
 ('cluster: RedisChatEvents (publish, hold, receive, deliver)', r'RedisChatEvents'),
 ('  pushes received from the other instance', r'RedisChatEvents\+<Received>'),
 ('cluster: StackExchange.Redis (write, read, pub/sub queue)', r'StackExchange\.Redis'),
 ('cluster: SignalR Redis lifetime manager', r'RedisHubLifetimeManager'),
 ('cluster: presence and instance signals (Redis)', r'RedisPresence|RedisSignals'),
 ('Npgsql (writer batch, queries)', r'Npgsql'),
 ('System.Text.Json', r'System\.Text\.Json'),
]
comp=[(n,re.compile(p)) for n,p in cats]
top=int(sys.argv[3]) if len(sys.argv)>3 else 0
incl=collections.Counter(); excl=collections.Counter()
# A thread pool worker between work items spins before it sleeps: on CPU (a CPU_TIME leaf) inside the semaphore's wait.
SPIN = re.compile(r'LowLevelLifoSemaphore|LowLevelSpinWaiter')
spin=0
tot=0; c=collections.Counter()
for p in d['profiles']:
    stack=[]; last=None
    for e in p['events']:
        t=e['at']
        if last is not None and stack and t>last:
            # The root frame is the process's command line, whose settings (Logging:Console:…) would match the patterns.
            names=[frames[i] for i in stack if not frames[i].startswith('Process64 ')]
            dt=t-last
            leaf = names[-2] if len(names)>1 and names[-1] in ('CPU_TIME','UNMANAGED_CODE_TIME') else names[-1]
            if stack and frames[stack[-1]]=='CPU_TIME' and any(SPIN.search(n) for n in names):
                spin+=dt
            if not any(BLOCK.search(n) for n in names) and not (IDLE.search(leaf) and 'PollGC' not in leaf):
                if top:
                    for x in set(names): incl[x]+=dt
                    excl[leaf]+=dt
                tot+=dt
                for n,r in comp:
                    if n.startswith('  EF SaveChanges'):
                        if any('UpdateLog+<CommitGroup>' in x for x in names) and any('SaveChangesAsync' in x for x in names): c[n]+=dt
                        continue
                    if any(r.search(x) for x in names): c[n]+=dt
        last=t
        if e['type']=='O': stack.append(e['frame'])
        elif stack: stack.pop()
print(f"| phase (inclusive; phases overlap the cross-cutting rows) | share of service CPU samples | µs / message |")
print("|---|---|---|")
for n,_ in cats:
    print(f"| {n} | {100*c[n]/tot:.1f} % | {us*c[n]/tot:.0f} |")
print(f"| (not in the shares above) thread pool workers spinning on a CPU between work items | {100*spin/max(tot,1):.1f} % of the busy samples' time | |")
if top:
    print(f"\nbusy sample time: {tot:.0f}; top {top} inclusive / exclusive frames:")
    for name,t in incl.most_common(top): print(f"  incl {100*t/tot:5.1f} %  {name[:160]}")
    for name,t in excl.most_common(top): print(f"  excl {100*t/tot:5.1f} %  {name[:160]}")
