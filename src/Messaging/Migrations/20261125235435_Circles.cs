using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OpenChat.Chain.Messaging.Migrations
{
    /// <inheritdoc />
    public partial class Circles : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "CircleRules",
                columns: table => new
                {
                    ChatId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Access = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    Price = table.Column<string>(type: "TEXT", maxLength: 80, nullable: false),
                    PeriodSeconds = table.Column<long>(type: "INTEGER", nullable: false),
                    MinBalance = table.Column<string>(type: "TEXT", maxLength: 80, nullable: false),
                    OnChainId = table.Column<string>(type: "TEXT", maxLength: 80, nullable: true),
                    Closed = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CircleRules", x => x.ChatId);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CircleRules");
        }
    }
}
