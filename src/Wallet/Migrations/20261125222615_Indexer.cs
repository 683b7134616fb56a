using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OpenChat.Chain.Wallet.Migrations
{
    /// <inheritdoc />
    public partial class Indexer : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ChainEvents",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ChainId = table.Column<long>(type: "INTEGER", nullable: false),
                    BlockNumber = table.Column<long>(type: "INTEGER", nullable: false),
                    BlockHash = table.Column<string>(type: "TEXT", maxLength: 66, nullable: false),
                    TxHash = table.Column<string>(type: "TEXT", maxLength: 66, nullable: false),
                    LogIndex = table.Column<int>(type: "INTEGER", nullable: false),
                    Contract = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    EventName = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    From = table.Column<string>(type: "TEXT", maxLength: 42, nullable: true),
                    To = table.Column<string>(type: "TEXT", maxLength: 42, nullable: true),
                    Amount = table.Column<string>(type: "TEXT", maxLength: 80, nullable: true),
                    ArgsJson = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ChainEvents", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "IndexerCheckpoints",
                columns: table => new
                {
                    ChainId = table.Column<long>(type: "INTEGER", nullable: false),
                    BlockNumber = table.Column<long>(type: "INTEGER", nullable: false),
                    BlockHash = table.Column<string>(type: "TEXT", maxLength: 66, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IndexerCheckpoints", x => x.ChainId);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ChainEvents_ChainId_BlockNumber",
                table: "ChainEvents",
                columns: new[] { "ChainId", "BlockNumber" });

            migrationBuilder.CreateIndex(
                name: "IX_ChainEvents_ChainId_To",
                table: "ChainEvents",
                columns: new[] { "ChainId", "To" });

            migrationBuilder.CreateIndex(
                name: "IX_ChainEvents_ChainId_TxHash_LogIndex",
                table: "ChainEvents",
                columns: new[] { "ChainId", "TxHash", "LogIndex" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ChainEvents");

            migrationBuilder.DropTable(
                name: "IndexerCheckpoints");
        }
    }
}
