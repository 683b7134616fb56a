# Summarises a dotnet-trace sampled-thread-time profile (speedscope JSON) of the service as a table of phases:
# samples of threads that wait (thread pool, epoll, locks, GC suspension of idle threads, the chain indexer's
# waits) are dropped, the rest is shared out by the frames each phase names, and scaled to the µs of CPU per
# message the bench measured from /proc. Phases overlap (a SQLite call inside the writer counts in both).
# usage: buckets.py trace.speedscope.json us_per_msg
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
 ('  push fan-out (member ids, Publish)', r'HubChatEvents|SendPushes'),
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
]
comp=[(n,re.compile(p)) for n,p in cats]
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
            if not any(BLOCK.search(n) for n in names) and not (IDLE.search(leaf) and 'PollGC' not in leaf):
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
