using OpenChat.Chain.Tests.Support;

[assembly: AssemblyFixture(typeof(AnvilFixture))]
