/* The benchmark's yardstick: writes the files of a packed wiki (made by `pack` mode) from
 * memory, creating folders as needed. What charter does at least, with nothing else:
 * no parsing, no rendering, no merging.
 *
 *   plain-writer pack DIR ARCHIVE     pack every file under DIR (paths from stdin, NUL-separated)
 *   plain-writer write ARCHIVE OUT    write every packed file under OUT
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static void make_parents(char *path) {
    for (char *p = path + 1; *p; p++) {
        if (*p == '/') {
            *p = 0;
            if (mkdir(path, 0755) != 0 && errno != EEXIST) { perror(path); exit(1); }
            *p = '/';
        }
    }
}

static char *slurp(const char *name, size_t *len) {
    FILE *f = fopen(name, "rb");
    if (!f) { perror(name); exit(1); }
    fseek(f, 0, SEEK_END);
    *len = (size_t)ftell(f);
    fseek(f, 0, SEEK_SET);
    char *data = malloc(*len + 1);
    if (fread(data, 1, *len, f) != *len) { perror(name); exit(1); }
    fclose(f);
    return data;
}

int main(int argc, char **argv) {
    if (argc == 4 && strcmp(argv[1], "pack") == 0) {
        FILE *out = fopen(argv[3], "wb");
        char path[4096];
        size_t n = 0;
        int c;
        while ((c = getchar()) != EOF) {
            if (c != 0) { path[n++] = (char)c; continue; }
            path[n] = 0;
            char full[8192];
            snprintf(full, sizeof full, "%s/%s", argv[2], path);
            size_t len;
            char *data = slurp(full, &len);
            fprintf(out, "%s%c%zu%c", path, 0, len, 0);
            fwrite(data, 1, len, out);
            free(data);
            n = 0;
        }
        fclose(out);
        return 0;
    }
    if (argc == 4 && strcmp(argv[1], "write") == 0) {
        size_t len;
        char *data = slurp(argv[2], &len);
        char *p = data, *end = data + len;
        while (p < end) {
            char *name = p; p += strlen(p) + 1;
            size_t size = strtoul(p, NULL, 10); p += strlen(p) + 1;
            char full[8192];
            snprintf(full, sizeof full, "%s/%s", argv[3], name);
            make_parents(full);
            FILE *f = fopen(full, "wb");
            if (!f) { perror(full); return 1; }
            fwrite(p, 1, size, f);
            fclose(f);
            p += size;
        }
        return 0;
    }
    fprintf(stderr, "usage: plain-writer pack DIR ARCHIVE | plain-writer write ARCHIVE OUT\n");
    return 2;
}
