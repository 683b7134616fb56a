using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace OpenChat.Chain.Storage.Postgres.Messaging
{
    /// <inheritdoc />
    public partial class GroupsReceiptMarks : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ReceiptMarks",
                schema: "messaging",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ChatId = table.Column<Guid>(type: "uuid", nullable: false),
                    UserId = table.Column<Guid>(type: "uuid", nullable: false),
                    DeliveredUpTo = table.Column<long>(type: "bigint", nullable: false),
                    ReadUpTo = table.Column<long>(type: "bigint", nullable: false),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReceiptMarks", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ReceiptMarks_ChatId_UserId_DeliveredUpTo",
                schema: "messaging",
                table: "ReceiptMarks",
                columns: new[] { "ChatId", "UserId", "DeliveredUpTo" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ReceiptMarks",
                schema: "messaging");
        }
    }
}
