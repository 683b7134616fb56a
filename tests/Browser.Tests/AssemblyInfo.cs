using OpenChat.Chain.Browser.Tests.Support;

// One Chromium for the whole run; tests run one at a time: each drives several pages against a real server, and
// this suite shares a small machine with the others.
[assembly: AssemblyFixture(typeof(Chromium))]
[assembly: Xunit.v3.Parallelization(Mode = Xunit.Sdk.ParallelMode.None)]
