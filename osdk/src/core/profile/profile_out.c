/* SPDX-License-Identifier: MIT */
/* profile_out.c - a profile written as folded stacks, JSON and an SVG flame
 * graph. */
#include <cjson/cJSON.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/profile/profile.h"
#include "util/err.h"
#include "util/fs.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

int profile_write_folded(const struct profile *p, const char *path,
			 struct osdk_err *err)
{
	struct strbuf sb = STRBUF_INIT;
	int ret;

	for (size_t i = 0; i < p->n; i++)
		strbuf_addf(&sb, "%s %zu\n", p->v[i].folded, p->v[i].count);
	ret = fs_write_atomic(path, sb.buf ? sb.buf : "", sb.len, err);
	strbuf_release(&sb);
	return ret;
}

int profile_write_json(const struct profile *p, const char *kernel,
		       const char *path, struct osdk_err *err)
{
	cJSON *o = cJSON_CreateObject(), *a;
	struct profile_fn *fns;
	size_t nfns;
	char *text;
	int ret;

	cJSON_AddNumberToObject(o, "schema", 1);
	cJSON_AddStringToObject(o, "kernel", kernel);
	cJSON_AddNumberToObject(o, "samples", (double)p->samples);
	cJSON_AddNumberToObject(o, "rounds", p->rounds);
	cJSON_AddNumberToObject(o, "cpus", p->cpus);
	cJSON_AddNumberToObject(o, "interval_ms", p->interval_ms);
	cJSON_AddNumberToObject(o, "seconds", p->seconds);
	cJSON_AddBoolToObject(o, "kernel_ended", p->target_ended);
	a = cJSON_AddArrayToObject(o, "stacks");
	for (size_t i = 0; i < p->n; i++) {
		cJSON *s = cJSON_CreateObject(), *frames;
		const char *f = p->v[i].folded;

		frames = cJSON_AddArrayToObject(s, "frames");
		for (const char *semi = f;; f = semi + 1) {
			char *name;

			semi = strchr(f, ';');
			name = semi ? xstrndup(f, (size_t)(semi - f))
				    : xstrdup(f);
			cJSON_AddItemToArray(frames, cJSON_CreateString(name));
			free(name);
			if (!semi)
				break;
		}
		cJSON_AddNumberToObject(s, "count", (double)p->v[i].count);
		cJSON_AddItemToArray(a, s);
	}
	profile_functions(p, &fns, &nfns);
	a = cJSON_AddArrayToObject(o, "functions");
	for (size_t i = 0; i < nfns; i++) {
		cJSON *f = cJSON_CreateObject();

		cJSON_AddStringToObject(f, "name", fns[i].name);
		cJSON_AddNumberToObject(f, "self", (double)fns[i].self);
		cJSON_AddNumberToObject(f, "total", (double)fns[i].total);
		cJSON_AddItemToArray(a, f);
	}
	profile_functions_release(fns, nfns);
	text = cJSON_Print(o);
	ret = fs_write_atomic(path, text, strlen(text), err);
	cJSON_free(text);
	cJSON_Delete(o);
	return ret;
}

/* The call tree of the stacks: a node per distinct path from the root. */
struct node {
	char *name;
	size_t value;
	struct node *kids;
	size_t nkids;
};

static struct node *child(struct node *n, const char *name, size_t len)
{
	for (size_t i = 0; i < n->nkids; i++)
		if (strlen(n->kids[i].name) == len &&
		    !strncmp(n->kids[i].name, name, len))
			return &n->kids[i];
	n->kids = xrealloc(n->kids, (n->nkids + 1) * sizeof(*n->kids));
	n->kids[n->nkids] = (struct node){ xstrndup(name, len), 0, NULL, 0 };
	return &n->kids[n->nkids++];
}

static void tree_add(struct node *root, const char *folded, size_t count)
{
	struct node *n = root;

	root->value += count;
	for (const char *semi = folded;; folded = semi + 1) {
		semi = strchr(folded, ';');
		n = child(n, folded,
			  semi ? (size_t)(semi - folded) : strlen(folded));
		n->value += count;
		if (!semi)
			break;
	}
}

static void tree_free(struct node *n)
{
	for (size_t i = 0; i < n->nkids; i++)
		tree_free(&n->kids[i]);
	free(n->kids);
	free(n->name);
}

static unsigned tree_depth(const struct node *n)
{
	unsigned d = 0;

	for (size_t i = 0; i < n->nkids; i++) {
		unsigned k = tree_depth(&n->kids[i]);

		if (k > d)
			d = k;
	}
	return d + 1;
}

static void xml_escape(struct strbuf *sb, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '&':
			strbuf_adds(sb, "&amp;");
			break;
		case '<':
			strbuf_adds(sb, "&lt;");
			break;
		case '>':
			strbuf_adds(sb, "&gt;");
			break;
		case '"':
			strbuf_adds(sb, "&quot;");
			break;
		case '\'':
			strbuf_adds(sb, "&apos;");
			break;
		default:
			strbuf_addch(sb, *s);
		}
	}
}

/* A warm colour from the name, the same for a name in every graph. */
static void colour(const char *name, int rgb[3])
{
	unsigned h = 2166136261u;

	for (; *name; name++)
		h = (h ^ (unsigned char)*name) * 16777619u;
	rgb[0] = 205 + (int)(h % 50);
	rgb[1] = 80 + (int)((h >> 8) % 150);
	rgb[2] = (int)((h >> 16) % 55);
}

#define SVG_WIDTH 1200
#define SVG_PAD	  10
#define SVG_FRAME 16
#define SVG_HEAD  48
#define SVG_FOOT  24

struct svg {
	struct strbuf sb;
	double total;
	unsigned height;
};

/* One node and its children; @x is the fraction of the samples before it. */
static void svg_node(struct svg *s, const struct node *n, double x,
		     unsigned depth)
{
	double w = (double)n->value / s->total;
	double inner = SVG_WIDTH - 2 * SVG_PAD;
	double px = SVG_PAD + x * inner, pw = w * inner;
	unsigned y = s->height - SVG_FOOT - (depth + 1) * SVG_FRAME;
	size_t fits;
	int rgb[3];

	if (pw < 0.1)
		return; /* too thin to see or click */
	colour(n->name, rgb);
	strbuf_addf(&s->sb,
		    "<g class=\"f\" data-x=\"%.9f\" data-w=\"%.9f\" "
		    "data-d=\"%u\"><title>",
		    x, w, depth);
	xml_escape(&s->sb, n->name);
	strbuf_addf(&s->sb,
		    " (%zu sample%s, %.2f%%)</title><rect x=\"%.2f\" "
		    "y=\"%u\" width=\"%.2f\" height=\"%u\" "
		    "fill=\"rgb(%d,%d,%d)\" rx=\"2\"/><text x=\"%.2f\" "
		    "y=\"%u\">",
		    n->value, n->value == 1 ? "" : "s", 100.0 * w, px, y, pw,
		    SVG_FRAME - 1, rgb[0], rgb[1], rgb[2], px + 3,
		    y + SVG_FRAME - 4);
	/* The label that fits (about 7 px a character), as the script's
	 * fit() does after a zoom, so the graph reads without scripts. */
	fits = pw > 6 ? (size_t)((pw - 6) / 7) : 0;
	if (fits >= 3 && strlen(n->name) <= fits) {
		xml_escape(&s->sb, n->name);
	} else if (fits >= 3) {
		char *cut = xstrndup(n->name, fits - 2);

		xml_escape(&s->sb, cut);
		strbuf_adds(&s->sb, "..");
		free(cut);
	}
	strbuf_adds(&s->sb, "</text></g>\n");
	for (size_t i = 0; i < n->nkids; i++) {
		svg_node(s, &n->kids[i], x, depth + 1);
		x += (double)n->kids[i].value / s->total;
	}
}

/* Zoom on click, search, reset: the graph needs nothing else to work. */
static const char svg_script[] =
	"<script type=\"text/ecmascript\"><![CDATA[\n"
	"var W="
	"1200"
	",P=10,I=W-2*P,zx=0,zw=1,zd=0;\n"
	"function frames(){return document.getElementsByClassName('f');}\n"
	"function fit(g){var r=g.getElementsByTagName('rect')[0],"
	"t=g.getElementsByTagName('text')[0],n=g.getAttribute('data-n');"
	"var w=parseFloat(r.getAttribute('width')),c=Math.floor((w-6)/7);"
	"t.textContent=c<3?'':(n.length<=c?n:n.substring(0,c-2)+'..');}\n"
	"function show(){var f=frames();for(var i=0;i<f.length;i++){var g=f[i],"
	"x=+g.getAttribute('data-x'),w=+g.getAttribute('data-w'),"
	"d=+g.getAttribute('data-d'),r=g.getElementsByTagName('rect')[0],"
	"t=g.getElementsByTagName('text')[0],in_=x>=zx-1e-12&&x+w<=zx+zw+1e-12;"
	"if(d<zd&&x<=zx+1e-12&&x+w>=zx+zw-1e-12){r.setAttribute('x',P);"
	"r.setAttribute('width',I);t.setAttribute('x',P+3);"
	"g.style.display='';g.style.opacity=0.5;}else if(in_&&d>=zd){"
	"var px=P+(x-zx)/zw*I,pw=w/zw*I;r.setAttribute('x',px);"
	"r.setAttribute('width',pw);t.setAttribute('x',px+3);"
	"g.style.display=pw<0.1?'none':'';g.style.opacity=1;}else{"
	"g.style.display='none';}fit(g);}}\n"
	"function zoom(g){zx=+g.getAttribute('data-x');"
	"zw=+g.getAttribute('data-w');zd=+g.getAttribute('data-d');show();}\n"
	"function unzoom(){zx=0;zw=1;zd=0;show();}\n"
	"function search(){var q=prompt('Search for a function "
	"(a regular expression):','');if(q===null)return;var re;"
	"try{re=new RegExp(q);}catch(e){alert(e);return;}"
	"var f=frames(),hit=[];for(var i=0;i<f.length;i++){var g=f[i],"
	"r=g.getElementsByTagName('rect')[0],m=q!==''&&"
	"re.test(g.getAttribute('data-n'));if(!r.getAttribute('data-fill'))"
	"r.setAttribute('data-fill',r.getAttribute('fill'));"
	"r.setAttribute('fill',m?'rgb(230,0,230)':r.getAttribute('data-fill'));"
	"if(m)hit.push([+g.getAttribute('data-x'),+g.getAttribute('data-w')]);}"
	"hit.sort(function(a,b){return a[0]-b[0];});var sum=0,end=0;"
	"for(var k=0;k<hit.length;k++){var s=Math.max(hit[k][0],end),"
	"e=hit[k][0]+hit[k][1];if(e>s){sum+=e-s;end=e;}}"
	"document.getElementById('matched').textContent=q===''?'':"
	"'Matched: '+(100*sum).toFixed(2)+'%';}\n"
	"function init(){var f=frames();for(var i=0;i<f.length;i++){var g=f[i];"
	"g.setAttribute('data-n',g.getElementsByTagName('title')[0]"
	".textContent.replace(/ \\([0-9]+ samples?, [0-9.]+%\\)$/,''));"
	"g.onclick=function(){zoom(this);};fit(g);}}\n"
	"window.addEventListener('load',init);\n"
	"]]></script>\n";

int profile_write_svg(const struct profile *p, const char *title,
		      const char *path, struct osdk_err *err)
{
	struct node root = { xstrdup("all"), 0, NULL, 0 };
	struct svg s = { STRBUF_INIT, 0, 0 };
	int ret;

	for (size_t i = 0; i < p->n; i++)
		tree_add(&root, p->v[i].folded, p->v[i].count);
	s.total = root.value ? (double)root.value : 1.0;
	s.height = SVG_HEAD + SVG_FOOT + tree_depth(&root) * SVG_FRAME;
	strbuf_addf(
		&s.sb,
		"<?xml version=\"1.0\" standalone=\"no\"?>\n"
		"<svg version=\"1.1\" width=\"%d\" height=\"%u\" "
		"viewBox=\"0 0 %d %u\" "
		"xmlns=\"http://www.w3.org/2000/svg\">\n"
		"<style>text{font:12px monospace;fill:#000;"
		"pointer-events:none}.f{cursor:pointer}.f:hover rect{"
		"stroke:#000;stroke-width:0.5}.b{cursor:pointer;"
		"fill:#336}</style>\n%s"
		"<rect width=\"100%%\" height=\"100%%\" fill=\"#f6f6ee\"/>\n"
		"<text x=\"%d\" y=\"20\" style=\"font-size:15px\" "
		"text-anchor=\"middle\">",
		SVG_WIDTH, s.height, SVG_WIDTH, s.height, svg_script,
		SVG_WIDTH / 2);
	xml_escape(&s.sb, title);
	strbuf_addf(&s.sb,
		    "</text>\n<text x=\"%d\" y=\"38\" class=\"b\" "
		    "style=\"pointer-events:all\" onclick=\"unzoom()\">Reset "
		    "zoom</text>\n<text x=\"%d\" y=\"38\" class=\"b\" "
		    "text-anchor=\"end\" style=\"pointer-events:all\" "
		    "onclick=\"search()\">Search</text>\n<text id=\"matched\" "
		    "x=\"%d\" y=\"%u\" text-anchor=\"end\"></text>\n"
		    "<text x=\"%d\" y=\"%u\">%zu samples, %u vCPU%s, every %u "
		    "ms</text>\n",
		    SVG_PAD, SVG_WIDTH - SVG_PAD, SVG_WIDTH - SVG_PAD,
		    s.height - 6, SVG_PAD, s.height - 6, p->samples, p->cpus,
		    p->cpus == 1 ? "" : "s", p->interval_ms);
	svg_node(&s, &root, 0.0, 0);
	strbuf_adds(&s.sb, "</svg>\n");
	ret = fs_write_atomic(path, s.sb.buf, s.sb.len, err);
	strbuf_release(&s.sb);
	tree_free(&root);
	return ret;
}
