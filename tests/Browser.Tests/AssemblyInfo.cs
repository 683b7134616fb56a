using OpenChat.Chain.Browser.Tests.Support;
using OpenChat.Chain.Tests.Support;

// One Chromium for the whole run; tests run one at a time: each drives several pages against a real server, and
// this suite shares a small machine with the others.
[assembly: AssemblyFixture(typeof(Chromium))]
// The private PostgreSQL cluster a test may start is destroyed at the end of the run, inside it.
[assembly: AssemblyFixture(typeof(TestDatabase.Cleanup))]
[assembly: Xunit.v3.Parallelization(Mode = Xunit.Sdk.ParallelMode.None)]
