using OpenChat.Chain.Tests.Support;

// The private PostgreSQL cluster some tests start on the SQLite run is destroyed at the end of the run, inside it.
[assembly: AssemblyFixture(typeof(TestDatabase.Cleanup))]
